package forensic

import (
	"bytes"
	"encoding/binary"
	"strings"
)

// maxMetaStrings bounds what one image's metadata can make us collect.
const maxMetaStrings = 64

// MetadataSoftware returns the software names an image's metadata carries: EXIF Software
// (0x0131) and ProcessingSoftware (0x000B), XMP CreatorTool and softwareAgent, a Photoshop
// resource block (APP13), PNG tEXt/iTXt "Software" and XMP chunks, WebP "XMP " chunks.
// Malformed metadata yields what could be read, never an error: it is untrusted input.
func MetadataSoftware(data []byte) []string {
	switch {
	case len(data) > 3 && data[0] == 0xFF && data[1] == 0xD8:
		return jpegSoftware(data)
	case len(data) > 8 && string(data[:8]) == "\x89PNG\r\n\x1a\n":
		return pngSoftware(data)
	case len(data) > 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return webpSoftware(data)
	}
	return nil
}

func jpegSoftware(data []byte) []string {
	var out []string
	for i := 2; i+4 <= len(data) && len(out) < maxMetaStrings; {
		if data[i] != 0xFF {
			return out
		}
		marker := data[i+1]
		if marker == 0xD8 || marker == 0x01 || marker == 0xFF || (marker >= 0xD0 && marker <= 0xD7) {
			i += 2
			if marker == 0xFF {
				i--
			}
			continue
		}
		if marker == 0xDA || marker == 0xD9 {
			return out
		}
		size := int(binary.BigEndian.Uint16(data[i+2:]))
		if size < 2 || i+2+size > len(data) {
			return out
		}
		seg := data[i+4 : i+2+size]
		switch {
		case marker == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")):
			out = append(out, tiffSoftware(seg[6:])...)
		case marker == 0xE1 && bytes.HasPrefix(seg, []byte("http://ns.adobe.com/xap/1.0/")):
			out = append(out, xmpSoftware(seg)...)
		case marker == 0xED && bytes.HasPrefix(seg, []byte("Photoshop 3.0")):
			out = append(out, "Adobe Photoshop (image resource block)")
		}
		i += 2 + size
	}
	return out
}

// tiffSoftware reads the ASCII tags 0x0131 and 0x000B of IFD0.
func tiffSoftware(t []byte) []string {
	if len(t) < 8 {
		return nil
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return nil
	}
	off := int(bo.Uint32(t[4:]))
	if off < 8 || off+2 > len(t) {
		return nil
	}
	var out []string
	n := int(bo.Uint16(t[off:]))
	for k := 0; k < n && k < 512; k++ {
		e := off + 2 + 12*k
		if e+12 > len(t) {
			break
		}
		tag, typ, count := bo.Uint16(t[e:]), bo.Uint16(t[e+2:]), int(bo.Uint32(t[e+4:]))
		if (tag != 0x0131 && tag != 0x000B) || typ != 2 || count <= 0 || count > 1024 {
			continue
		}
		val := t[e+8 : e+12]
		if count > 4 {
			p := int(bo.Uint32(t[e+8:]))
			if p < 0 || p+count > len(t) {
				continue
			}
			val = t[p : p+count]
		} else {
			val = val[:count]
		}
		if s := strings.TrimSpace(strings.TrimRight(string(val), "\x00")); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// xmpSoftware pulls CreatorTool and softwareAgent values, as attributes or elements.
func xmpSoftware(x []byte) []string {
	var out []string
	for _, name := range []string{"CreatorTool", "softwareAgent"} {
		rest := x
		for len(out) < maxMetaStrings {
			i := bytes.Index(rest, []byte(name))
			if i < 0 {
				break
			}
			rest = rest[i+len(name):]
			if v, ok := xmpValue(rest); ok {
				out = append(out, v)
			}
		}
	}
	return out
}

// xmpValue reads `="value"` or `>value<` right after a property name.
func xmpValue(b []byte) (string, bool) {
	if len(b) < 2 {
		return "", false
	}
	var end byte
	switch {
	case b[0] == '=' && (b[1] == '"' || b[1] == '\''):
		end, b = b[1], b[2:]
	case b[0] == '>':
		end, b = '<', b[1:]
	default:
		return "", false
	}
	j := bytes.IndexByte(b, end)
	if j < 0 || j > 256 {
		return "", false
	}
	s := strings.TrimSpace(string(b[:j]))
	return s, s != ""
}

func pngSoftware(data []byte) []string {
	var out []string
	for i := 8; i+12 <= len(data) && len(out) < maxMetaStrings; {
		n := int(binary.BigEndian.Uint32(data[i:]))
		typ := string(data[i+4 : i+8])
		if n < 0 || n > len(data)-i-12 {
			return out
		}
		body := data[i+8 : i+8+n]
		if typ == "tEXt" || typ == "iTXt" {
			key, val, _ := bytes.Cut(body, []byte{0})
			switch {
			case string(key) == "Software" && typ == "tEXt":
				out = append(out, strings.TrimSpace(string(val)))
			case string(key) == "Software" || string(key) == "XML:com.adobe.xmp":
				out = append(out, xmpSoftware(val)...)
				if string(key) == "Software" {
					out = append(out, strings.TrimSpace(string(bytes.Trim(val, "\x00"))))
				}
			}
		}
		if typ == "IEND" {
			return out
		}
		i += 12 + n
	}
	return out
}

func webpSoftware(data []byte) []string {
	var out []string
	for i := 12; i+8 <= len(data) && len(out) < maxMetaStrings; {
		n := int(binary.LittleEndian.Uint32(data[i+4:]))
		if n < 0 || n > len(data)-i-8 {
			return out
		}
		if string(data[i:i+4]) == "XMP " {
			out = append(out, xmpSoftware(data[i+8:i+8+n])...)
		}
		i += 8 + n + n%2
	}
	return out
}

// editors are substrings (lower case) of software names that edit pictures rather than take
// them. Camera firmware and phone OS versions are not listed: they say nothing of editing.
var editors = []string{"photoshop", "gimp", "snapseed", "lightroom", "picsart", "pixlr", "paint.net",
	"affinity photo", "canva", "facetune", "photopea", "photoscape", "pixelmator", "corel", "paintshop",
	"krita", "inkscape", "fotor", "befunky", "meitu", "remini", "faceapp", "airbrush", "image editor"}

// Editor returns the first editing program named in sw, or "".
func Editor(sw []string, extra []string) string {
	for _, s := range sw {
		l := strings.ToLower(s)
		for _, e := range append(editors, extra...) {
			if e != "" && strings.Contains(l, strings.ToLower(e)) {
				return s
			}
		}
	}
	return ""
}
