package normalize

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// IANA's own data carries mojibake: UTF-8 read as Mac Roman and stored as
// such ("G√∂ran" for "Göran"), in every snapshot since 2017. Encoding such
// text as Mac Roman and decoding the bytes as UTF-8 gives it back.

// macRoman maps the upper half of Mac Roman back to its bytes.
var macRoman = func() map[rune]byte {
	m := make(map[rune]byte, 128)
	for b := 0x80; b <= 0xff; b++ {
		m[charmap.Macintosh.DecodeByte(byte(b))] = byte(b)
	}
	return m
}()

// RepairMojibake undoes UTF-8 read as Mac Roman: each run of non-ASCII
// characters that Mac Roman encodes, whose bytes are valid UTF-8 for
// letters only, is replaced by those letters. It reports whether it
// changed anything. Text that is not such mojibake ("Göran", "Café",
// "Ã©") is left alone.
func RepairMojibake(s string) (string, bool) {
	i := firstNonASCII(s)
	if i < 0 {
		return s, false
	}
	var b strings.Builder
	changed := false
	last := 0
	for i < len(s) {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		// A run of characters Mac Roman encodes in its upper half.
		start := i
		var raw []byte
		for i < len(s) {
			r, size := utf8.DecodeRuneInString(s[i:])
			c, ok := macRoman[r]
			if !ok {
				break
			}
			raw = append(raw, c)
			i += size
		}
		if i == start { // not Mac Roman: skip the character
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
			continue
		}
		fixed, ok := lettersUTF8(raw)
		if !ok {
			continue
		}
		if !changed {
			b.Grow(len(s))
			changed = true
		}
		b.WriteString(s[last:start])
		b.WriteString(fixed)
		last = i
	}
	if !changed {
		return s, false
	}
	b.WriteString(s[last:])
	return b.String(), true
}

func firstNonASCII(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return i
		}
	}
	return -1
}

// lettersUTF8 decodes raw as UTF-8 and accepts it only where every
// character is a letter written in two or more bytes.
func lettersUTF8(raw []byte) (string, bool) {
	if !utf8.Valid(raw) {
		return "", false
	}
	s := string(raw)
	for _, r := range s {
		if r < utf8.RuneSelf || !unicode.IsLetter(r) {
			return "", false
		}
	}
	return s, true
}

// A browser that copies a page decodes the legacy HTML entities, which
// need no semicolon, in the page's text: IANA writes "mailto:edwardr&microsoft.com",
// and the copy says "mailto:edwardrµsoft.com". legacyEntities are the
// entity names HTML decodes without a semicolon, with what each gives.
var legacyEntities = map[string]rune{
	"AElig": 'Æ', "AMP": '&', "Aacute": 'Á', "Acirc": 'Â', "Agrave": 'À', "Aring": 'Å', "Atilde": 'Ã',
	"Auml": 'Ä', "COPY": '©', "Ccedil": 'Ç', "ETH": 'Ð', "Eacute": 'É', "Ecirc": 'Ê', "Egrave": 'È',
	"Euml": 'Ë', "GT": '>', "Iacute": 'Í', "Icirc": 'Î', "Igrave": 'Ì', "Iuml": 'Ï', "LT": '<',
	"Ntilde": 'Ñ', "Oacute": 'Ó', "Ocirc": 'Ô', "Ograve": 'Ò', "Oslash": 'Ø', "Otilde": 'Õ', "Ouml": 'Ö',
	"QUOT": '"', "REG": '®', "THORN": 'Þ', "Uacute": 'Ú', "Ucirc": 'Û', "Ugrave": 'Ù', "Uuml": 'Ü',
	"Yacute": 'Ý', "aacute": 'á', "acirc": 'â', "acute": '´', "aelig": 'æ', "agrave": 'à', "amp": '&',
	"aring": 'å', "atilde": 'ã', "auml": 'ä', "brvbar": '¦', "ccedil": 'ç', "cedil": '¸', "cent": '¢',
	"copy": '©', "curren": '¤', "deg": '°', "divide": '÷', "eacute": 'é', "ecirc": 'ê', "egrave": 'è',
	"eth": 'ð', "euml": 'ë', "frac12": '½', "frac14": '¼', "frac34": '¾', "gt": '>', "iacute": 'í',
	"icirc": 'î', "iexcl": '¡', "igrave": 'ì', "iquest": '¿', "iuml": 'ï', "laquo": '«', "lt": '<',
	"macr": '¯', "micro": 'µ', "middot": '·', "nbsp": '\u00a0', "not": '¬', "ntilde": 'ñ', "oacute": 'ó',
	"ocirc": 'ô', "ograve": 'ò', "ordf": 'ª', "ordm": 'º', "oslash": 'ø', "otilde": 'õ', "ouml": 'ö',
	"para": '¶', "plusmn": '±', "pound": '£', "quot": '"', "raquo": '»', "reg": '®', "sect": '§',
	"shy": '\u00ad', "sup1": '¹', "sup2": '²', "sup3": '³', "szlig": 'ß', "thorn": 'þ', "times": '×',
	"uacute": 'ú', "ucirc": 'û', "ugrave": 'ù', "uml": '¨', "uuml": 'ü', "yacute": 'ý', "yen": '¥',
	"yuml": 'ÿ',
}

// legacyNames lists, for each character a legacy entity gives, the names
// that give it.
var legacyNames = func() map[rune][]string {
	m := map[rune][]string{}
	for name, r := range legacyEntities {
		m[r] = append(m[r], name)
	}
	for _, names := range m {
		slices.Sort(names)
	}
	return m
}()

// RepairEntityDamage restores a contact URI that a browser's copy damaged,
// where the result is certain: a mailto URI (IANA writes its "@" as "&")
// with no "&" left and exactly one character that a legacy entity gives
// was "&" followed by that entity's name. Where two names give the
// character ("reg", "REG"), the one whose case matches the letter after it
// is taken (e-mail addresses ignore case). It reports whether it changed
// anything; "&amp" read as "&" cannot be told apart and is left alone.
func RepairEntityDamage(uri string) (string, bool) {
	if len(uri) < 7 || !strings.EqualFold(uri[:7], "mailto:") || strings.Contains(uri, "&") {
		return uri, false
	}
	at, found := -1, 0
	for i, r := range uri {
		// The ASCII ones ("<", ">", '"') are as likely the address's own.
		if _, ok := legacyNames[r]; ok && r >= utf8.RuneSelf {
			at = i
			found++
		}
	}
	if found != 1 {
		return uri, false
	}
	r, size := utf8.DecodeRuneInString(uri[at:])
	names := legacyNames[r]
	name := names[0]
	if len(names) > 1 {
		next, _ := utf8.DecodeRuneInString(uri[at+size:])
		for _, n := range names {
			if unicode.IsUpper(next) == unicode.IsUpper(rune(n[0])) {
				name = n
			}
		}
	}
	return uri[:at] + "&" + name + uri[at+size:], true
}
