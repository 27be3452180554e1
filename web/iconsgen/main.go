// Command iconsgen writes the PNG icons beside favicon.svg (run by `go generate
// ./web` from the repository root; the PNGs are committed).
package main

import (
	"bytes"
	"fmt"
	"image/png"
	"os"
	"path/filepath"

	"spor/web"
)

func main() {
	for _, ic := range web.Icons {
		var buf bytes.Buffer
		if err := png.Encode(&buf, web.DrawIcon(ic.Size, ic.Full)); err != nil {
			fmt.Fprintln(os.Stderr, "iconsgen:", err)
			os.Exit(1)
		}
		if err := os.WriteFile(filepath.Join("static", "img", ic.Name), buf.Bytes(), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "iconsgen:", err)
			os.Exit(1)
		}
	}
}
