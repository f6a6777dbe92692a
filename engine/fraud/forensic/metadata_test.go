package forensic

import (
	"encoding/binary"
	"testing"
)

// exifJPEG returns a minimal JPEG header with an EXIF Software tag (tests only need the
// markers; no pixels follow).
func exifJPEG(software string) []byte {
	val := append([]byte(software), 0)
	tiff := []byte("II*\x00\x08\x00\x00\x00")
	tiff = binary.LittleEndian.AppendUint16(tiff, 1)
	tiff = binary.LittleEndian.AppendUint16(tiff, 0x0131)
	tiff = binary.LittleEndian.AppendUint16(tiff, 2)
	tiff = binary.LittleEndian.AppendUint32(tiff, uint32(len(val)))
	tiff = binary.LittleEndian.AppendUint32(tiff, uint32(8+2+12+4))
	tiff = binary.LittleEndian.AppendUint32(tiff, 0)
	tiff = append(tiff, val...)
	seg := append([]byte("Exif\x00\x00"), tiff...)
	out := []byte{0xFF, 0xD8, 0xFF, 0xE1}
	out = binary.BigEndian.AppendUint16(out, uint16(len(seg)+2))
	out = append(out, seg...)
	return append(out, 0xFF, 0xD9)
}

func xmpJPEG(xmp string) []byte {
	seg := append([]byte("http://ns.adobe.com/xap/1.0/\x00"), xmp...)
	out := []byte{0xFF, 0xD8, 0xFF, 0xE1}
	out = binary.BigEndian.AppendUint16(out, uint16(len(seg)+2))
	return append(append(out, seg...), 0xFF, 0xD9)
}

func pngText(key, val string) []byte {
	out := []byte("\x89PNG\r\n\x1a\n")
	body := append(append([]byte(key), 0), val...)
	out = binary.BigEndian.AppendUint32(out, uint32(len(body)))
	out = append(append(out, "tEXt"...), body...)
	return append(out, 0, 0, 0, 0)
}

func TestMetadataSoftware(t *testing.T) {
	tests := []struct {
		name   string
		data   []byte
		editor bool
	}{
		{"exif photoshop", exifJPEG("Adobe Photoshop 25.0 (Windows)"), true},
		{"exif short gimp", exifJPEG("GIMP"), true},
		{"exif camera", exifJPEG("Android 14 UP1A"), false},
		{"xmp attribute", xmpJPEG(`<rdf:Description xmp:CreatorTool="Snapseed 2.0"/>`), true},
		{"xmp element", xmpJPEG(`<xmp:CreatorTool>Adobe Lightroom</xmp:CreatorTool>`), true},
		{"xmp history", xmpJPEG(`<stEvt:softwareAgent>GIMP 2.10</stEvt:softwareAgent>`), true},
		{"png software", pngText("Software", "paint.net 5.0"), true},
		{"png other text", pngText("Comment", "photoshop"), false},
		{"nothing", []byte{0xFF, 0xD8, 0xFF, 0xD9}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sw := MetadataSoftware(tt.data)
			if got := Editor(sw, nil) != ""; got != tt.editor {
				t.Fatalf("software %q: editor = %v, want %v", sw, got, tt.editor)
			}
		})
	}
}

func FuzzMetadataSoftware(f *testing.F) {
	f.Add(exifJPEG("GIMP 2.10"))
	f.Add(xmpJPEG(`xmp:CreatorTool="x"`))
	f.Add(pngText("Software", "x"))
	f.Add([]byte("RIFF\x10\x00\x00\x00WEBPXMP \x04\x00\x00\x00abcd"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sw := MetadataSoftware(data)
		if len(sw) > 2*maxMetaStrings {
			t.Fatalf("%d strings", len(sw))
		}
	})
}
