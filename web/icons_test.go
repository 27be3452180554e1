package web

import (
	"bytes"
	"image/png"
	"io/fs"
	"testing"
)

// TestIconsAreCurrent decodes every committed PNG icon: the promised size, opaque
// brand colour in the middle, and the same pixels DrawIcon draws today (run
// `go generate ./web` after changing the drawing).
func TestIconsAreCurrent(t *testing.T) {
	for _, ic := range Icons {
		data, err := fs.ReadFile(files, "static/img/"+ic.Name)
		if err != nil {
			t.Fatalf("%s: %v", ic.Name, err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", ic.Name, err)
		}
		if b := img.Bounds(); b.Dx() != ic.Size || b.Dy() != ic.Size {
			t.Errorf("%s is %v, want %d×%d", ic.Name, b.Size(), ic.Size, ic.Size)
			continue
		}
		if _, _, _, a := img.At(ic.Size/2, ic.Size-2).RGBA(); a != 0xffff {
			t.Errorf("%s is not opaque near its bottom edge", ic.Name)
		}
		_, _, _, corner := img.At(0, 0).RGBA()
		if ic.Full != (corner == 0xffff) {
			t.Errorf("%s: corner alpha %d (full-bleed %v)", ic.Name, corner, ic.Full)
		}
		var want bytes.Buffer
		if err := png.Encode(&want, DrawIcon(ic.Size, ic.Full)); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(data, want.Bytes()) {
			t.Errorf("%s differs from DrawIcon: run go generate ./web", ic.Name)
		}
	}
}
