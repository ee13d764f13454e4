package linkqr

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"
)

var links = []string{
	"https://paymentlink.mollie.com/payment/AfnXK4x6KDrCtT5NqtNWz/",
	"http://127.0.0.1:43817/pay/pl_4Y0eZitmBnQ6IDoMqZQKh",
	"https://example.com/pay?invoice=2026-0101&lang=nl&amount=1840.50",
}

// decode reads a QR code out of a picture with an independent decoder.
func decode(t *testing.T, img image.Image, pure bool) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatalf("bitmap: %v", err)
	}
	hints := map[gozxing.DecodeHintType]any{}
	if pure {
		hints[gozxing.DecodeHintType_PURE_BARCODE] = true
	}
	res, err := zxqr.NewQRCodeReader().Decode(bmp, hints)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	return res.GetText()
}

func TestPNGDecodesToTheExactLink(t *testing.T) {
	for _, link := range links {
		c, err := Encode(link)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := c.PNG(&buf, 8); err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(&buf)
		if err != nil {
			t.Fatalf("the PNG does not decode: %v", err)
		}
		if got := decode(t, img, true); got != link {
			t.Errorf("decoded %q, want %q", got, link)
		}
	}
}

// TestTerminalTextScans paints the half blocks back into pixels the way a
// terminal shows them (ink in the foreground colour, the rest background) and
// decodes that, for a dark and a light terminal.
func TestTerminalTextScans(t *testing.T) {
	for _, link := range links {
		c, err := Encode(link)
		if err != nil {
			t.Fatal(err)
		}
		for _, darkBg := range []bool{true, false} {
			text := c.Text(darkBg)
			cols, rows := c.TerminalSize()
			lines := strings.Split(text, "\n")
			if len(lines) != rows {
				t.Fatalf("%d lines, TerminalSize says %d", len(lines), rows)
			}
			fg, bg := color.Gray{}, color.Gray{Y: 0xff}
			if darkBg {
				fg, bg = bg, fg
			}
			// The screen around the code is the terminal's background.
			const scale, margin = 6, 4
			img := image.NewGray(image.Rect(0, 0, (cols+2*margin)*scale, (2*rows+2*margin)*scale))
			for i := range img.Pix {
				img.Pix[i] = bg.Y
			}
			for y, line := range lines {
				if n := len([]rune(line)); n != cols {
					t.Fatalf("line %d has %d cells, want %d", y, n, cols)
				}
				for x, r := range []rune(line) {
					top, bottom := r == '█' || r == '▀', r == '█' || r == '▄'
					paint := func(on bool, my int) {
						if !on {
							return
						}
						for py := 0; py < scale; py++ {
							for px := 0; px < scale; px++ {
								img.SetGray((x+margin)*scale+px, (my+margin)*scale+py, fg)
							}
						}
					}
					paint(top, 2*y)
					paint(bottom, 2*y+1)
				}
			}
			if got := decode(t, img, false); got != link {
				t.Errorf("dark=%v: decoded %q, want %q", darkBg, got, link)
			}
		}
	}
}

func TestEncodeRefusesNothingAndTooMuch(t *testing.T) {
	if _, err := Encode(""); err == nil {
		t.Error("an empty link was encoded")
	}
	if _, err := Encode(strings.Repeat("x", maxLinkLen+1)); err == nil {
		t.Error("an over-long link was encoded")
	}
}
