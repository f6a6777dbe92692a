package specimen

import "strings"

// docMRZ returns the MRZ lines of a synthetic document, consistent with its printed fields,
// or nil for a document without an MRZ (the Moroccan driving licence).
func docMRZ(docType, country string, id identity) []string {
	state := map[string]string{"MA": "MAR", "FR": "FRA"}[country]
	switch {
	case docType == "passport":
		return td3(state, id)
	case docType == "permit" && country == "FR":
		l := "D1FRA" + padTo(id.number, 9)
		l += cd(l) + yymmdd(id.expiry) + padTo(mrzName(id.last.latin), 8)[:8]
		return []string{l + cd(l)}
	case docType == "permit":
		return nil
	case docType == "cin" && country == "MA":
		// The card number is the MRZ document number; the CIN sits in the optional data.
		return td1("ID", state, id.cardNumber, id.number, id)
	case docType == "residence_card" && country == "FR":
		return td1("IR", state, id.number, "", id)
	case docType == "residence_card":
		return td1("CR", state, id.number, "", id)
	}
	return td1("ID", state, id.number, "", id)
}

func padTo(s string, n int) string {
	if len(s) >= n {
		return s
	}
	return s + strings.Repeat("<", n-len(s))
}

func mrzFullName(id identity, width int) string {
	return pad(mrzName(id.last.latin)+"<<"+mrzName(id.first.latin), width)
}

func td1(code, state, number, opt string, id identity) []string {
	num := padTo(number, 9)
	l1 := code + state + num + cd(num) + pad(opt, 15)
	l2 := yymmdd(id.birth) + cd(yymmdd(id.birth)) + id.sex + yymmdd(id.expiry) + cd(yymmdd(id.expiry)) +
		id.nationality + strings.Repeat("<", 11)
	l2 += cd(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
	return []string{l1, l2, mrzFullName(id, 30)}
}

func td3(state string, id identity) []string {
	l1 := "P<" + state + mrzFullName(id, 39)
	num := padTo(id.number, 9)
	l2 := num + cd(num) + id.nationality + yymmdd(id.birth) + cd(yymmdd(id.birth)) + id.sex +
		yymmdd(id.expiry) + cd(yymmdd(id.expiry)) + strings.Repeat("<", 14) + "<"
	l2 += cd(l2[0:10] + l2[13:20] + l2[21:43])
	return []string{l1, l2}
}
