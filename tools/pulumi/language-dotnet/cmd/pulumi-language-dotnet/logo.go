package main

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net"
	"net/http"
)

// The C# generator puts the package's logo into the SDK (logo.png, the NuGet package icon) and downloads
// it from the schema's logoUrl, or else from a fixed address on GitHub, which our machines cannot reach.
// For a schema without a logoUrl, serveLogo serves a plain 64x64 image of our own on 127.0.0.1 for the
// generator to download instead; stop ends it.
func serveLogo() (url string, stop func(), err error) {
	img := image.NewRGBA(image.Rect(0, 0, 64, 64))
	for y := 0; y < 64; y++ {
		for x := 0; x < 64; x++ {
			img.Set(x, y, color.RGBA{R: 0x2b, G: 0x6c, B: 0xb0, A: 0xff})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return "", nil, err
	}
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	server := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		_, _ = w.Write(buf.Bytes())
	})}
	go func() { _ = server.Serve(listener) }()
	return fmt.Sprintf("http://%s/logo.png", listener.Addr()), func() { _ = server.Close() }, nil
}
