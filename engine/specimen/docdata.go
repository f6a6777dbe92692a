package specimen

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// bilingual is a name or place in Latin capitals (as printed on Moroccan documents) and Arabic.
type bilingual struct{ latin, arabic string }

var (
	maGiven = []bilingual{{"YOUSSEF", "يوسف"}, {"FATIMA", "فاطمة"}, {"MOHAMED", "محمد"}, {"AHMED", "أحمد"},
		{"KARIM", "كريم"}, {"AMINA", "أمينة"}, {"KHADIJA", "خديجة"}, {"OMAR", "عمر"}, {"HASSAN", "حسن"},
		{"SAID", "سعيد"}, {"NADIA", "نادية"}, {"RACHID", "رشيد"}, {"SALMA", "سلمى"}, {"ZINEB", "زينب"},
		{"HAMZA", "حمزة"}, {"MERIEM", "مريم"}, {"ABDELLAH", "عبد الله"}, {"IMANE", "إيمان"}, {"MEHDI", "مهدي"},
		{"LAILA", "ليلى"}, {"ADIL", "عادل"}, {"NOURA", "نورة"}, {"AYOUB", "أيوب"}, {"TARIK", "طارق"},
		{"BRAHIM", "إبراهيم"}, {"HOUDA", "هدى"}, {"JAMAL", "جمال"}, {"SAMIRA", "سميرة"}, {"KHALID", "خالد"}}
	maSurnames = []bilingual{{"BENALI", "بنعلي"}, {"EL IDRISSI", "الإدريسي"}, {"ALAOUI", "العلوي"},
		{"BENNANI", "بناني"}, {"TAZI", "التازي"}, {"OUAZZANI", "الوزاني"}, {"BERRADA", "برادة"},
		{"CHRAIBI", "الشرايبي"}, {"EL AMRANI", "العمراني"}, {"FASSI", "الفاسي"}, {"SLAOUI", "السلاوي"},
		{"BENJELLOUN", "بنجلون"}, {"LAHLOU", "لحلو"}, {"KETTANI", "الكتاني"}, {"ZIANI", "الزياني"},
		{"MANSOURI", "المنصوري"}, {"SAIDI", "السعيدي"}, {"NACIRI", "الناصري"}, {"BOUZIDI", "البوزيدي"},
		{"CHERKAOUI", "الشرقاوي"}, {"MOUSSAOUI", "الموساوي"}, {"TOUZANI", "التوزاني"}, {"HAJJI", "الحجي"}}
	maPlaces = []bilingual{{"CASABLANCA", "الدار البيضاء"}, {"RABAT", "الرباط"}, {"FES", "فاس"},
		{"MARRAKECH", "مراكش"}, {"TANGER", "طنجة"}, {"AGADIR", "أكادير"}, {"MEKNES", "مكناس"},
		{"OUJDA", "وجدة"}, {"KENITRA", "القنيطرة"}, {"TETOUAN", "تطوان"}, {"SAFI", "آسفي"},
		{"EL JADIDA", "الجديدة"}, {"NADOR", "الناظور"}, {"BENI MELLAL", "بني ملال"}}
	maStreets = []bilingual{{"RUE IBN BATOUTA", "زنقة ابن بطوطة"}, {"AVENUE HASSAN II", "شارع الحسن الثاني"},
		{"BD MOHAMMED V", "شارع محمد الخامس"}, {"RUE AL QODS", "زنقة القدس"}, {"HAY ANDALOUS", "حي الأندلس"},
		{"RUE OUED SEBOU", "زنقة واد سبو"}}
	frGiven = []string{"JEAN", "MARIE", "PIERRE", "CLAIRE", "LUCAS", "ÉLODIE", "HÉLÈNE", "JÉRÔME",
		"FRANÇOIS", "CAMILLE", "THOMAS", "JULIE", "NICOLAS", "SOPHIE", "ANTOINE", "LÉA", "HUGO", "MANON"}
	frSurnames = []string{"MARTIN", "DUBOIS", "BERNARD", "THOMAS", "ROBERT", "RICHARD", "PETIT", "DURAND",
		"LEROY", "MOREAU", "SIMON", "LAURENT", "LEFÈVRE", "MICHEL", "GARCIA", "DAVID", "BERTRAND",
		"ROUX", "VINCENT", "FOURNIER", "MOREL", "GIRARD", "ANDRÉ", "MERCIER", "LE GALL"}
	frPlaces  = []string{"PARIS", "LYON", "MARSEILLE", "TOULOUSE", "NICE", "NANTES", "STRASBOURG", "LILLE", "RENNES", "BORDEAUX", "GRENOBLE", "DIJON"}
	frStreets = []string{"RUE DE LA PAIX", "AVENUE VICTOR HUGO", "BOULEVARD VOLTAIRE", "RUE DES LILAS", "PLACE DU MARCHÉ", "RUE PASTEUR"}
	// foreigners for residence cards
	foreignNat = []struct{ code, nationality string }{{"SEN", "SÉNÉGALAISE"}, {"ESP", "ESPAGNOLE"},
		{"CIV", "IVOIRIENNE"}, {"DZA", "ALGÉRIENNE"}, {"ITA", "ITALIENNE"}, {"TUN", "TUNISIENNE"}, {"MAR", "MAROCAINE"}}
)

// identity is one synthetic person and document, in the units the API reports.
type identity struct {
	first, last          bilingual
	sex                  string
	birth, issue, expiry time.Time
	place                bilingual
	address              bilingual
	father, mother       bilingual
	nationality          string // alpha-3
	number, cardNumber   string
	civilStatus          string
	model                string
}

func pickB(rng *rand.Rand, l []bilingual) bilingual { return l[rng.IntN(len(l))] }

func randomDate(rng *rand.Rand, from, to int) time.Time {
	return time.Date(from+rng.IntN(to-from+1), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
}

func randomIdentity(rng *rand.Rand, docType, country string) identity {
	id := identity{sex: string("MF"[rng.IntN(2)]), nationality: map[string]string{"MA": "MAR", "FR": "FRA"}[country]}
	if country == "MA" {
		id.first, id.last = pickB(rng, maGiven), pickB(rng, maSurnames)
		id.place = pickB(rng, maPlaces)
		st := pickB(rng, maStreets)
		city := pickB(rng, maPlaces)
		n := 1 + rng.IntN(240)
		id.address = bilingual{fmt.Sprintf("%d %s %s", n, st.latin, city.latin), fmt.Sprintf("%d %s %s", n, st.arabic, city.arabic)}
		id.father = pickB(rng, maGiven)
		id.mother = pickB(rng, maGiven)
	} else {
		g := frGiven[rng.IntN(len(frGiven))]
		if rng.IntN(3) == 0 {
			g += " " + frGiven[rng.IntN(len(frGiven))]
		}
		id.first = bilingual{latin: g}
		id.last = bilingual{latin: frSurnames[rng.IntN(len(frSurnames))]}
		id.place = bilingual{latin: frPlaces[rng.IntN(len(frPlaces))]}
		id.address = bilingual{latin: fmt.Sprintf("%d %s %05d %s", 1+rng.IntN(180), frStreets[rng.IntN(len(frStreets))],
			1000+rng.IntN(94000), frPlaces[rng.IntN(len(frPlaces))])}
	}
	if docType == "residence_card" {
		for {
			n := foreignNat[rng.IntN(len(foreignNat))]
			if n.code != id.nationality {
				id.nationality = n.code
				break
			}
		}
	}
	id.birth = randomDate(rng, 1950, 2006)
	id.issue = randomDate(rng, 2016, 2025)
	years := map[string]int{"cin": 10, "cni": 10, "passport": 5, "permit": 10, "residence_card": 10}[docType]
	if country == "FR" && docType == "permit" {
		years = 15
	}
	id.expiry = id.issue.AddDate(years, 0, 0)
	if country == "FR" && docType == "cni" {
		id.expiry = id.expiry.AddDate(0, 0, -1)
	}
	letters := "ABCDEFGHJKLMNPRSTUVWXYZ"
	switch {
	case docType == "cin" && country == "MA":
		id.number = randomString(rng, 1+rng.IntN(2), letters) + fmt.Sprintf("%06d", rng.IntN(1000000))
		id.cardNumber = randomString(rng, 2, letters) + fmt.Sprintf("%07d", rng.IntN(10000000))
		id.civilStatus = fmt.Sprintf("%d/%d", 1+rng.IntN(3000), 1960+rng.IntN(50))
	case docType == "passport" && country == "MA":
		id.number = randomString(rng, 2, letters) + fmt.Sprintf("%07d", rng.IntN(10000000))
	case docType == "permit" && country == "MA":
		id.number = fmt.Sprintf("%d/%06d", 1+rng.IntN(99), rng.IntN(1000000))
	case docType == "permit":
		id.number = fmt.Sprintf("%02d%s%05d", rng.IntN(100), randomString(rng, 2, letters), rng.IntN(100000))
	case docType == "residence_card" && country == "MA":
		id.number = randomString(rng, 1, "EFGH") + fmt.Sprintf("%06d", rng.IntN(1000000))
	default:
		id.number = randomString(rng, 9, "0123456789"+letters)
	}
	return id
}

// mrzName is a Latin name as the MRZ writes it.
func mrzName(s string) string {
	s = strings.ToUpper(stripAccents(s))
	return strings.NewReplacer(" ", "<", "-", "<", "'", "").Replace(s)
}

func stripAccents(s string) string {
	return strings.NewReplacer("É", "E", "È", "E", "Ê", "E", "Ë", "E", "À", "A", "Â", "A", "Ç", "C",
		"Î", "I", "Ï", "I", "Ô", "O", "Û", "U", "Ù", "U", "Ü", "U").Replace(s)
}

func yymmdd(t time.Time) string { return t.Format("060102") }

// BilingualNames lists the Latin and Arabic name pairs the generator uses, for tests of
// transliteration rules.
func BilingualNames() [][2]string {
	var out [][2]string
	for _, l := range [][]bilingual{maGiven, maSurnames} {
		for _, b := range l {
			out = append(out, [2]string{b.latin, b.arabic})
		}
	}
	return out
}
