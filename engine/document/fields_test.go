package document

import "testing"

func TestCleanValues(t *testing.T) {
	tests := []struct {
		name, in, want string
		clean          func(string) string
	}{
		{"name", "Œ GRENOBLE", "GRENOBLE", cleanName},
		{"name with trailing mark", "IMANE O", "IMANE", cleanName},
		{"two-word name", "EL AMRANI", "EL AMRANI", cleanName},
		{"caption misread as value", "Prénom", "", cleanName},
		{"digits with an O", "04044O574152", "040440574152", cleanNumber},
		{"mixed number kept", "MMODKOPA4", "MMODKOPA4", cleanNumber},
		{"CIN kept", "AB123456", "AB123456", cleanNumber},
		{"licence number", "3/524493", "3/524493", cleanNumber},
	}
	for _, tt := range tests {
		t.Run(tt.name+" "+tt.in, func(t *testing.T) {
			if got := tt.clean(tt.in); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
