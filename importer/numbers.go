package importer

import (
	"encoding/binary"
	"hash/maphash"
	"unsafe"
)

// numberBook is what a run keeps of each invoice number's first record, to
// find the number again in a later record: the number itself and the facts
// a repeat is told by (see first). A million numbers take some 40 MB, held
// without a pointer the collector would follow.
//
// The records lie back to back in chunks, each as a varint-packed line
// (appendFirst); a table of slots (open addressing, linear probing) points
// at them. A slot holds the top bits of the number's hash beside the
// record's place, so that most other numbers are passed over without
// reading their record; on a match the record's number is compared with
// the one asked for, so a collision of hashes never makes two numbers one.
type numberBook struct {
	slots   []uint64 // 0: empty; else tag<<refBits | (ref+1)
	used    int
	chunks  [][]byte
	scratch []byte
}

const (
	chunkBits = 20 // a chunk of records holds 1 MiB
	chunkSize = 1 << chunkBits
	refBits   = 40 // a record's place: its chunk << chunkBits | where in it
	refMask   = 1<<refBits - 1
	minSlots  = 1 << 10
)

var numberSeed = maphash.MakeSeed()

// hashNumber is the hash numbers are found by; a test replaces it with
// one that makes every number collide.
var hashNumber = func(number string) uint64 { return maphash.String(numberSeed, number) }

// find returns the first record of number, whether there is one, and the
// slot that holds it or would.
func (b *numberBook) find(number string) (first, bool, int) {
	if len(b.slots) == 0 {
		b.slots = make([]uint64, minSlots)
	}
	h := hashNumber(number)
	tag, mask := h>>refBits, len(b.slots)-1
	for i := int(h) & mask; ; i = (i + 1) & mask {
		s := b.slots[i]
		if s == 0 {
			return first{}, false, i
		}
		if s>>refBits != tag {
			continue
		}
		if n, rest := b.number(s&refMask - 1); string(n) == number {
			return readFirst(rest), true, i
		}
	}
}

// add keeps f as the first record of number, in the empty slot at that
// find returned for it.
func (b *numberBook) add(at int, number string, f first) {
	b.slots[at] = hashNumber(number)>>refBits<<refBits | (b.store(number, f) + 1)
	if b.used++; b.used*4 > len(b.slots)*3 {
		b.grow()
	}
}

// store appends the record to the chunks and returns its place.
func (b *numberBook) store(number string, f first) uint64 {
	b.scratch = appendFirst(b.scratch[:0], number, f)
	n := len(b.chunks)
	if n == 0 || len(b.chunks[n-1])+len(b.scratch) > cap(b.chunks[n-1]) {
		b.chunks = append(b.chunks, make([]byte, 0, max(chunkSize, len(b.scratch))))
		n++
	}
	c := &b.chunks[n-1]
	ref := uint64(n-1)<<chunkBits | uint64(len(*c))
	*c = append(*c, b.scratch...)
	return ref
}

// grow doubles the slots and puts every record's slot in its new place.
func (b *numberBook) grow() {
	old := b.slots
	b.slots = make([]uint64, 2*len(old))
	mask := len(b.slots) - 1
	for _, s := range old {
		if s == 0 {
			continue
		}
		n, _ := b.number(s&refMask - 1)
		// The chunk's bytes never change once written: the string may
		// stand on them instead of a copy for each number.
		i := int(hashNumber(unsafe.String(unsafe.SliceData(n), len(n)))) & mask
		for b.slots[i] != 0 {
			i = (i + 1) & mask
		}
		b.slots[i] = s
	}
}

// number reads the number of the record at ref (in the chunk, not
// copied) and returns the rest of the record after it.
func (b *numberBook) number(ref uint64) (number, rest []byte) {
	p := b.chunks[ref>>chunkBits][ref&(chunkSize-1):]
	size, k := binary.Uvarint(p)
	p = p[k:]
	return p[:size], p[size:]
}

// readFirst reads what a record said, after its number.
func readFirst(p []byte) first {
	f := first{credit: p[0]&1 != 0, broken: p[0]&2 != 0}
	copy(f.currency[:], p[1:4])
	p = p[4:]
	next := func() uint64 {
		v, k := binary.Uvarint(p)
		p = p[k:]
		return v
	}
	f.file = uint16(next())
	f.line = uint32(next())
	f.due = int32(unzigzag(next()))
	f.total = unzigzag(next())
	f.paid = unzigzag(next())
	return f
}

// appendFirst packs a number and its first record: the number's length
// and bytes, a byte of flags, the currency, then the file, line, due day,
// total and paid as varints.
func appendFirst(p []byte, number string, f first) []byte {
	p = binary.AppendUvarint(p, uint64(len(number)))
	p = append(p, number...)
	var flags byte
	if f.credit {
		flags |= 1
	}
	if f.broken {
		flags |= 2
	}
	p = append(p, flags)
	p = append(p, f.currency[:]...)
	p = binary.AppendUvarint(p, uint64(f.file))
	p = binary.AppendUvarint(p, uint64(f.line))
	p = binary.AppendUvarint(p, zigzag(int64(f.due)))
	p = binary.AppendUvarint(p, zigzag(f.total))
	return binary.AppendUvarint(p, zigzag(f.paid))
}

// zigzag puts small negative numbers into few bytes as well.
func zigzag(v int64) uint64   { return uint64(v<<1) ^ uint64(v>>63) }
func unzigzag(u uint64) int64 { return int64(u>>1) ^ -int64(u&1) }
