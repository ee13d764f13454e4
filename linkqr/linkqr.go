// Package linkqr draws a payment link as a QR code: in a terminal with
// half-block characters, or as a PNG file. The encoding itself is done by
// github.com/yeqown/go-qrcode.
package linkqr

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"strings"

	qrcode "github.com/yeqown/go-qrcode/v2"
)

// Quiet zones, in modules. The standard asks for four around a printed code;
// a terminal keeps two so that the code fits an 80×24 screen, and the
// terminal's own background beyond adds to them.
const (
	PNGQuiet      = 4
	TerminalQuiet = 2
)

// Code is an encoded link: a square of modules, true where a module is dark.
type Code struct {
	modules [][]bool
}

// maxLinkLen bounds what is encoded: a payment link is short, and a longer
// text would make a code too dense to scan from a screen.
const maxLinkLen = 1000

// Encode makes the QR code of a link, with medium error correction so that
// a slightly blurred photo of a screen still reads.
func Encode(link string) (*Code, error) {
	if link == "" {
		return nil, errors.New("qr code: there is no link to encode")
	}
	if len(link) > maxLinkLen {
		return nil, fmt.Errorf("qr code: the link is %d characters long; at most %d fit a code that scans from a screen", len(link), maxLinkLen)
	}
	q, err := qrcode.NewWith(link, qrcode.WithEncodingMode(qrcode.EncModeByte),
		qrcode.WithErrorCorrectionLevel(qrcode.ErrorCorrectionMedium))
	if err != nil {
		return nil, fmt.Errorf("qr code: %w", err)
	}
	var w capture
	if err := q.Save(&w); err != nil {
		return nil, fmt.Errorf("qr code: %w", err)
	}
	return &Code{modules: w.bitmap}, nil
}

// capture is a qrcode.Writer that keeps the module matrix.
type capture struct{ bitmap [][]bool }

func (c *capture) Write(m qrcode.Matrix) error { c.bitmap = m.Bitmap(); return nil }
func (c *capture) Close() error                { return nil }

// Size is the number of modules on each side, without a quiet zone.
func (c *Code) Size() int { return len(c.modules) }

// dark reports whether the module at (x, y) is dark; outside the code (the
// quiet zone) every module is light.
func (c *Code) dark(x, y int) bool {
	n := c.Size()
	return x >= 0 && y >= 0 && x < n && y < n && c.modules[y][x]
}

// TerminalSize is how many columns and rows Text needs.
func (c *Code) TerminalSize() (cols, rows int) {
	side := c.Size() + 2*TerminalQuiet
	return side, (side + 1) / 2
}

// Text draws the code with half blocks, two modules per character cell, with
// a quiet zone of TerminalQuiet modules. It uses no colour: on a dark
// background the light modules are drawn in the foreground colour (light),
// on a light background the dark ones are. Either way the code shows dark on
// light, as scanners expect, with NO_COLOR too.
func (c *Code) Text(darkBackground bool) string {
	side := c.Size() + 2*TerminalQuiet
	ink := func(x, y int) bool {
		if y >= side { // the half row below an odd side is the terminal's
			return false
		}
		d := c.dark(x-TerminalQuiet, y-TerminalQuiet)
		if darkBackground {
			return !d
		}
		return d
	}
	var b strings.Builder
	for y := 0; y < side; y += 2 {
		if y > 0 {
			b.WriteByte('\n')
		}
		for x := 0; x < side; x++ {
			b.WriteString(halfBlock(ink(x, y), ink(x, y+1)))
		}
	}
	return b.String()
}

func halfBlock(top, bottom bool) string {
	switch {
	case top && bottom:
		return "█"
	case top:
		return "▀"
	case bottom:
		return "▄"
	}
	return " "
}

// Image is the code as a black-on-white picture, scale pixels per module,
// with a quiet zone of PNGQuiet modules.
func (c *Code) Image(scale int) image.Image {
	scale = max(1, scale)
	side := (c.Size() + 2*PNGQuiet) * scale
	img := image.NewGray(image.Rect(0, 0, side, side))
	for y := 0; y < side; y++ {
		for x := 0; x < side; x++ {
			v := color.Gray{Y: 0xff}
			if c.dark(x/scale-PNGQuiet, y/scale-PNGQuiet) {
				v = color.Gray{}
			}
			img.SetGray(x, y, v)
		}
	}
	return img
}

// PNG writes the code as a PNG image with scale pixels per module.
func (c *Code) PNG(w io.Writer, scale int) error {
	if err := png.Encode(w, c.Image(scale)); err != nil {
		return fmt.Errorf("write the qr code png: %w", err)
	}
	return nil
}
