package normalize

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"

	"github.com/klauspost/compress/zstd"
)

var zstdMagic = []byte{0x28, 0xb5, 0x2f, 0xfd}

func isGzip(data []byte) bool { return len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b }

// Decompress returns data as it is, or its contents where it is gzip- or
// zstd-compressed; encoding names what was removed ("gzip", "zstd" or "").
// Any format can arrive compressed: detection looks at what is inside.
func Decompress(file string, data []byte) (out []byte, encoding string, err error) {
	var r io.Reader
	switch {
	case isGzip(data):
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, "gzip", errorf(file, 1, 1, ErrSyntax, "expected gzip-compressed data: %v", err)
		}
		defer zr.Close()
		r, encoding = zr, "gzip"
	case bytes.HasPrefix(data, zstdMagic):
		zr, err := zstd.NewReader(bytes.NewReader(data), zstd.WithDecoderMaxWindow(128<<20), zstd.WithDecoderConcurrency(1))
		if err != nil {
			return nil, "zstd", fmt.Errorf("%s: zstd: %w", file, err)
		}
		defer zr.Close()
		r, encoding = zr, "zstd"
	default:
		return data, "", nil
	}
	out, err = io.ReadAll(io.LimitReader(r, MaxInput+1))
	if err != nil {
		return nil, encoding, errorf(file, 1, 1, ErrTruncated, "expected complete %s-compressed data: %v", encoding, err)
	}
	if len(out) > MaxInput {
		return nil, encoding, errorf(file, 1, 1, ErrTooLarge, "%s-compressed data holds more than %d MiB", encoding, MaxInput>>20)
	}
	return out, encoding, nil
}
