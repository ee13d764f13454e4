package importer

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// decodeText turns an export into UTF-8 and names the encoding it was in.
// UTF-16 is told by its byte order mark, or without one by the zero bytes
// every ASCII character brings; text that is not UTF-8 is Windows-1252 when
// it uses the bytes 0x80–0x9F (€, quotes, dashes there), else Latin-1.
func decodeText(data []byte) ([]byte, string, error) {
	var enc encoding.Encoding
	var name string
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		enc, name = unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), "UTF-16LE"
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		enc, name = unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), "UTF-16BE"
	case utf16Zeros(data, 1):
		enc, name = unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "UTF-16LE"
	case utf16Zeros(data, 0):
		enc, name = unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "UTF-16BE"
	case utf8.Valid(data):
		return bytes.TrimPrefix(data, utf8BOM), "UTF-8", nil
	case hasC1(data):
		enc, name = charmap.Windows1252, "Windows-1252"
	default:
		enc, name = charmap.ISO8859_1, "Latin-1 (ISO 8859-1)"
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return nil, name, fmt.Errorf("looks like %s but cannot be read as such: %w", name, err)
	}
	return bytes.TrimPrefix(out, utf8BOM), name, nil
}

// hasC1 reports whether raw bytes 0x80–0x9F occur: Windows-1252 puts
// printable characters there, Latin-1 only control codes no export writes.
func hasC1(data []byte) bool {
	for _, c := range data {
		if c >= 0x80 && c <= 0x9F {
			return true
		}
	}
	return false
}

// utf16Zeros reports whether the first bytes look like UTF-16 without a
// byte order mark: a zero at every second position (odd for little-endian
// ASCII, even for big-endian).
func utf16Zeros(data []byte, at int) bool {
	n := min(len(data)&^1, 64)
	if n < 4 {
		return false
	}
	zeros := 0
	for i := at; i < n; i += 2 {
		if data[i] == 0 {
			zeros++
		}
	}
	return zeros*2 >= n/2 && data[1-at] != 0
}
