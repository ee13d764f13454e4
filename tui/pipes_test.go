package tui

import (
	"bytes"
	"io"
	"sync"
)

// syncBuffer is an output the program writes while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// blockingReader is a keyboard: reads wait until the test types.
type blockingReader struct {
	r *io.PipeReader
	w *io.PipeWriter
}

func newBlockingReader() *blockingReader {
	r, w := io.Pipe()
	return &blockingReader{r: r, w: w}
}

func (b *blockingReader) Read(p []byte) (int, error) { return b.r.Read(p) }
func (b *blockingReader) Write(s string)             { go func() { _, _ = b.w.Write([]byte(s)) }() }
func (b *blockingReader) Close() error               { return b.w.Close() }
