package main

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"
)

func TestQRCommandDrawsAndWritesAScannableCode(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.importInvoices("INV-1,Acme B.V.,100.00")
	h.connect()

	if r := h.fails("qr", "INV-1"); !strings.Contains(r.stderr, "no payment link yet") {
		t.Errorf("qr without a link:\n%s", r)
	}
	p := h.pay("INV-1")
	out := h.ok("qr", "INV-1", "--background", "light")
	for _, want := range []string{"INV-1", "Acme B.V.", "EUR 100.00", p.URL, "█", "▀"} {
		if !strings.Contains(out, want) {
			t.Errorf("qr output lacks %q:\n%s", want, out)
		}
	}

	file := filepath.Join(h.dir, "inv-1.png")
	h.ok("qr", "INV-1", "--png", file)
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("the written file is no PNG: %v", err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := zxqr.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("the PNG does not scan: %v", err)
	}
	if res.GetText() != p.URL {
		t.Errorf("the PNG scans as %q, want %q", res.GetText(), p.URL)
	}
	if r := h.fails("qr", "INV-1", "--png", file); !strings.Contains(r.stderr, "already exists") {
		t.Errorf("qr over an existing file:\n%s", r)
	}
	if log := h.ok("log", "--invoice", "INV-1"); !strings.Contains(log, "QR code") {
		t.Errorf("showing the QR code is not logged:\n%s", log)
	}
}
