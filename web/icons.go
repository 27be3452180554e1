package web

//go:generate go run ./iconsgen

import (
	"image"
	"image/color"
	"math"
)

// Icons are the PNG icons beside favicon.svg, by file name and size in pixels:
// browsers without SVG favicons take the 32 px one, Android the 192 px one, iOS
// the apple-touch-icon. `go generate ./web` draws them with DrawIcon.
var Icons = []struct {
	Name string
	Size int
	Full bool // square to the edges: iOS rounds the corners itself
}{
	{"favicon-32.png", 32, false},
	{"favicon-192.png", 192, false},
	{"apple-touch-icon.png", 180, true},
}

var (
	iconBackground = color.RGBA{0x1d, 0x4f, 0x61, 0xff}
	iconStroke     = color.RGBA{0xf4, 0xd3, 0x5e, 0xff}
)

// DrawIcon draws favicon.svg's picture at size×size pixels: a rounded square
// (square when full) with the yellow trail. Each pixel is sampled 4×4 times for
// smooth edges. The drawing is in the SVG's 32-unit coordinates.
func DrawIcon(size int, full bool) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	trail := trailPoints()
	const n = 4
	scale := 32 / float64(size)
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			var bg, fg float64
			for sy := 0; sy < n; sy++ {
				for sx := 0; sx < n; sx++ {
					x := (float64(px) + (float64(sx)+0.5)/n) * scale
					y := (float64(py) + (float64(sy)+0.5)/n) * scale
					if full || inRoundedSquare(x, y, 32, 6) {
						bg++
						if nearPolyline(x, y, trail, 1.5) {
							fg++
						}
					}
				}
			}
			bg /= n * n
			fg /= n * n
			if bg == 0 {
				continue
			}
			// fg is part of bg: mix the stroke over the background, then apply
			// the background's coverage as alpha (premultiplied).
			mix := func(b, f uint8) uint8 {
				t := fg / bg
				return uint8(math.Round((float64(b)*(1-t) + float64(f)*t) * bg))
			}
			img.SetRGBA(px, py, color.RGBA{mix(iconBackground.R, iconStroke.R), mix(iconBackground.G, iconStroke.G),
				mix(iconBackground.B, iconStroke.B), uint8(math.Round(255 * bg))})
		}
	}
	return img
}

func inRoundedSquare(x, y, side, r float64) bool {
	cx := math.Max(r, math.Min(x, side-r))
	cy := math.Max(r, math.Min(y, side-r))
	return x >= 0 && y >= 0 && x <= side && y <= side && (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r
}

// trailPoints flattens the SVG path "M9 22c4 0 4-12 8-12s4 12 6 12" into points.
func trailPoints() [][2]float64 {
	curves := [][4][2]float64{
		{{9, 22}, {13, 22}, {13, 10}, {17, 10}},
		{{17, 10}, {21, 10}, {21, 22}, {23, 22}},
	}
	var pts [][2]float64
	for _, c := range curves {
		for i := 0; i <= 64; i++ {
			t := float64(i) / 64
			u := 1 - t
			var p [2]float64
			for k := 0; k < 2; k++ {
				p[k] = u*u*u*c[0][k] + 3*u*u*t*c[1][k] + 3*u*t*t*c[2][k] + t*t*t*c[3][k]
			}
			pts = append(pts, p)
		}
	}
	return pts
}

// nearPolyline reports whether (x, y) is within w of the line through pts (round
// caps and joins, as the SVG's stroke-linecap="round").
func nearPolyline(x, y float64, pts [][2]float64, w float64) bool {
	if x < 9-w || x > 23+w || y < 10-w || y > 22+w { // outside the path's box
		return false
	}
	for i := 1; i < len(pts); i++ {
		ax, ay, bx, by := pts[i-1][0], pts[i-1][1], pts[i][0], pts[i][1]
		dx, dy := bx-ax, by-ay
		t := 0.0
		if l := dx*dx + dy*dy; l > 0 {
			t = math.Max(0, math.Min(1, ((x-ax)*dx+(y-ay)*dy)/l))
		}
		ex, ey := ax+t*dx-x, ay+t*dy-y
		if ex*ex+ey*ey <= w*w {
			return true
		}
	}
	return false
}
