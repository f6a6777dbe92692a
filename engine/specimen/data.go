package specimen

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/kycd/kycd/engine/mrz"
)

// Formats is every MRZ format the generator produces.
var Formats = []mrz.Format{mrz.TD1, mrz.TD2, mrz.TD3, mrz.MRVA, mrz.MRVB, mrz.FRID, mrz.FRDL}

var (
	surnames = []string{"ERIKSSON", "MARTIN", "BENALI", "OUAZZANI", "DUBOIS", "NGUYEN", "GARCIA", "SMITH",
		"MULLER", "ROSSI", "KOWALSKI", "EL<IDRISSI", "VAN<DER<BERG", "OBRIEN", "TANAKA", "SILVA", "BERTRAND"}
	givens = []string{"ANNA", "MARIA", "YOUSSEF", "FATIMA", "JEAN", "PIERRE", "CLAIRE", "OMAR", "LUCAS",
		"SOFIA", "KARIM", "ZINEB", "HUGO", "AMINA", "PETER", "JOHN", "LEA"}
	states = []string{"UTO", "FRA", "MAR", "DEU", "ESP", "ITA", "BEL", "NLD", "USA", "GBR", "CHE", "POL", "D<<"}
)

const alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

// RandomMRZ returns the lines of a random MRZ of format f whose check digits all pass.
func RandomMRZ(rng *rand.Rand, f mrz.Format) []string {
	switch f {
	case mrz.TD1:
		return randomTD1(rng)
	case mrz.TD2, mrz.MRVB:
		return randomTwoLine(rng, f, 36)
	case mrz.TD3, mrz.MRVA:
		return randomTwoLine(rng, f, 44)
	case mrz.FRID:
		return randomFRID(rng)
	case mrz.FRDL:
		return randomFRDL(rng)
	}
	panic(fmt.Sprintf("specimen: unknown format %q", f))
}

func pick(rng *rand.Rand, list []string) string { return list[rng.IntN(len(list))] }

func randomString(rng *rand.Rand, n int, chars string) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = chars[rng.IntN(len(chars))]
	}
	return string(b)
}

// number is a document number: mostly alphanumeric like real passports, sometimes shorter with
// filler padding.
func number(rng *rand.Rand) string {
	n := randomString(rng, 2, "ABCDEFGHJKLMNPRSTUVWXYZ") + randomString(rng, 7, alnum)
	if rng.IntN(5) == 0 {
		n = n[:7] + "<<"
	}
	return n
}

func date(rng *rand.Rand, fromYear, toYear int) string {
	y := fromYear + rng.IntN(toYear-fromYear+1)
	return fmt.Sprintf("%02d%02d%02d", y%100, 1+rng.IntN(12), 1+rng.IntN(28))
}

func name(rng *rand.Rand, width int) string {
	n := pick(rng, surnames) + "<<" + pick(rng, givens)
	if rng.IntN(2) == 0 {
		n += "<" + pick(rng, givens)
	}
	return pad(n, width)
}

// pad fills s with `<` to width, truncating a longer name as issuers do.
func pad(s string, width int) string {
	if len(s) >= width {
		return s[:width]
	}
	return s + strings.Repeat("<", width-len(s))
}

func cd(s string) string { return fmt.Sprint(mrz.CheckDigit(s)) }

func sex(rng *rand.Rand) string { return string("MFMFM<"[rng.IntN(6)]) }

func randomTD1(rng *rand.Rand) []string {
	num, state := number(rng), pick(rng, states)
	opt1 := pad(randomString(rng, rng.IntN(8), alnum), 15)
	l1 := "I" + pick(rng, []string{"<", "D", "R"}) + state + num + cd(num) + opt1
	birth, expiry := date(rng, 1940, 2015), date(rng, 2024, 2036)
	l2 := birth + cd(birth) + sex(rng) + expiry + cd(expiry) + pick(rng, states) + pad(randomString(rng, rng.IntN(6), alnum), 11)
	l2 += cd(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
	return []string{l1, l2, name(rng, 30)}
}

func randomTwoLine(rng *rand.Rand, f mrz.Format, width int) []string {
	code := map[mrz.Format]string{mrz.TD2: "I<", mrz.TD3: "P<", mrz.MRVA: "V<", mrz.MRVB: "V<"}[f]
	l1 := code + pick(rng, states) + name(rng, width-5)
	num, birth, expiry := number(rng), date(rng, 1940, 2015), date(rng, 2024, 2036)
	l2 := num + cd(num) + pick(rng, states) + birth + cd(birth) + sex(rng) + expiry + cd(expiry)
	switch f {
	case mrz.TD3:
		opt := pad(randomString(rng, rng.IntN(10), alnum), 14)
		c := cd(opt)
		if strings.Trim(opt, "<") == "" && rng.IntN(2) == 0 {
			c = "<"
		}
		l2 += opt + c
		l2 += cd(l2[0:10] + l2[13:20] + l2[21:43])
	case mrz.TD2:
		l2 += pad(randomString(rng, rng.IntN(5), alnum), 7)
		l2 += cd(l2[0:10] + l2[13:20] + l2[21:35])
	default:
		l2 += pad(randomString(rng, rng.IntN(8), alnum), width-28)
	}
	return []string{l1, l2}
}

func randomFRID(rng *rand.Rand) []string {
	office := fmt.Sprintf("%03d", rng.IntN(1000))
	l1 := "IDFRA" + pad(pick(rng, surnames), 25) + office + fmt.Sprintf("%03d", rng.IntN(1000))
	issue := date(rng, 1995, 2020)[:4]
	card := issue + office + fmt.Sprintf("%05d", rng.IntN(100000))
	given := pad(pick(rng, givens)+"<<"+pick(rng, givens), 14)
	birth := date(rng, 1940, 2010)
	l2 := card + cd(card) + given + birth + cd(birth) + string("MF"[rng.IntN(2)])
	l2 += cd(l1 + l2)
	return []string{l1, l2}
}

func randomFRDL(rng *rand.Rand) []string {
	l := "D1FRA" + fmt.Sprintf("%02d", rng.IntN(100)) + randomString(rng, 2, "ABCDEFGHJKLMNPRSTUVWXYZ") + fmt.Sprintf("%05d", rng.IntN(100000))
	l += cd(l)
	l += date(rng, 2025, 2040) + pad(pick(rng, surnames), 8)
	return []string{l + cd(l)}
}
