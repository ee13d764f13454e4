package importer

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
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
		return nil, name, refuse("import.decode", name, err)
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

// textSource is a file read more than once without holding it: a CSV is
// scanned for its encoding, then read for its invoices and its date order,
// and read again where its dates had to wait for that order.
type textSource struct {
	open func() (io.ReadCloser, error)
	size int64 // bytes, for progress
}

func bytesSource(data []byte) textSource {
	return textSource{open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }, size: int64(len(data))}
}

func fileSource(path string, size int64) textSource {
	return textSource{open: func() (io.ReadCloser, error) { return os.Open(path) }, size: size}
}

// detectEncoding tells a source's encoding the way decodeText does, reading
// it once in chunks: nil means UTF-8.
func detectEncoding(src textSource) (encoding.Encoding, string, error) {
	rc, err := src.open()
	if err != nil {
		return nil, "", err
	}
	defer rc.Close()
	br := bufio.NewReaderSize(rc, 64<<10)
	head, _ := br.Peek(64)
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), "UTF-16LE", nil
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), "UTF-16BE", nil
	case utf16Zeros(head, 1):
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "UTF-16LE", nil
	case utf16Zeros(head, 0):
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "UTF-16BE", nil
	}
	valid, c1, err := scanUTF8(br)
	switch {
	case err != nil:
		return nil, "", err
	case valid:
		return nil, "UTF-8", nil
	case c1:
		return charmap.Windows1252, "Windows-1252", nil
	}
	return charmap.ISO8859_1, "Latin-1 (ISO 8859-1)", nil
}

// scanUTF8 reads r to its end and reports whether it is valid UTF-8 and
// whether it holds bytes 0x80–0x9F (see hasC1). A character split between
// two chunks is carried over to the next one.
func scanUTF8(r io.Reader) (valid, c1 bool, err error) {
	buf := make([]byte, 64<<10)
	valid, carry := true, 0
	for {
		n, rerr := r.Read(buf[carry:])
		chunk := buf[:carry+n]
		if !c1 {
			c1 = hasC1(buf[carry : carry+n])
		}
		if valid {
			end := len(chunk)
			if rerr == nil {
				end = completeRunes(chunk)
			}
			valid = utf8.Valid(chunk[:end])
			carry = copy(buf, chunk[end:])
		}
		switch {
		case errors.Is(rerr, io.EOF):
			return valid, c1, nil
		case rerr != nil:
			return false, false, rerr
		case !valid && c1:
			return false, true, nil // nothing more can change the answer
		}
	}
}

// completeRunes is the length of b without a character cut off at its end.
func completeRunes(b []byte) int {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if utf8.FullRune(b[i:]) {
				return len(b)
			}
			return i
		}
	}
	return len(b)
}

// decoded opens the source as UTF-8 text without a byte order mark.
func decoded(src textSource, enc encoding.Encoding, count *int64) (io.ReadCloser, error) {
	rc, err := src.open()
	if err != nil {
		return nil, err
	}
	var r io.Reader = &countingReader{r: rc, n: count}
	if enc != nil {
		r = transform.NewReader(r, enc.NewDecoder())
	}
	br := bufio.NewReaderSize(r, 64<<10)
	if head, _ := br.Peek(len(utf8BOM)); bytes.Equal(head, utf8BOM) {
		br.Discard(len(utf8BOM))
	}
	return struct {
		io.Reader
		io.Closer
	}{br, rc}, nil
}

// countingReader adds the bytes read to *n, for progress.
type countingReader struct {
	r io.Reader
	n *int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if c.n != nil {
		*c.n += int64(n)
	}
	return n, err
}
