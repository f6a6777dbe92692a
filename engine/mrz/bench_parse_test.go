package mrz

import "testing"

func BenchmarkParse(b *testing.B) {
	cases := []struct{ name, mrz string }{
		{"TD3 clean", "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"},
		{"TD3 repaired", "P<UTOERIKSS0N<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL8989O2C36UTO74O8122F12O4159ZE184226B<<<<<10"},
		{"TD1 long number", "I<UTOD23145890<7349<<<<<<<<<<<\n3407127M9507122UTO<<<<<<<<<<<2\nSTEVENSON<<PETER<JOHN<<<<<<<<<"},
		{"TD1 unrepairable", "I<UTOD2314589O<7349<<<<<<<<<<<\n34O7I27M95O7I22UTO<<<<<<<<<<<3\nSTEVENSON<<PETER<JOHN<<<<<<<<<"},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := Parse(c.mrz, Options{Now: testNow}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
