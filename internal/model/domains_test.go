package model

import (
	"slices"
	"testing"
)

func TestParseDomains(t *testing.T) {
	got := ParseDomains(" Vejle.DK\r\nbib.vejle.dk., vejle.dk;ålesund.no  name@x.dk\n")
	want := []string{"vejle.dk", "bib.vejle.dk", "xn--lesund-hua.no", "name@x.dk"}
	if !slices.Equal(got, want) {
		t.Errorf("ParseDomains = %q, want %q", got, want)
	}
	if d := EmailDomain("Nina@Bib.Vejle.DK"); d != "bib.vejle.dk" {
		t.Errorf("EmailDomain = %q", d)
	}
}

func TestCheckDomains(t *testing.T) {
	cases := []struct {
		name    string
		domains []string
		want    string
	}{
		{"none", nil, ""},
		{"ordinary domains", []string{"vejle.dk", "bib.vejle.dk", "xn--lesund-hua.no", "kb-1.se"}, ""},
		{"an address", []string{"nina@vejle.dk"}, "orgs.domain_at"},
		{"one label", []string{"localhost"}, "orgs.domain_invalid"},
		{"a hyphen at a label's edge", []string{"-vejle.dk"}, "orgs.domain_invalid"},
		{"an empty label", []string{"vejle..dk"}, "orgs.domain_invalid"},
		{"an IP address", []string{"10.0.0.1"}, "orgs.domain_invalid"},
		{"upper case is not stored", []string{"Vejle.dk"}, "orgs.domain_invalid"},
		{"a free mail service", []string{"vejle.dk", "hotmail.com"}, "orgs.domain_public"},
		{"too many", make([]string, MaxEmailDomains+1), "orgs.domains_too_many"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := checkDomains(tc.domains); got != tc.want {
				t.Errorf("checkDomains(%q) = %q, want %q", tc.domains, got, tc.want)
			}
		})
	}
}
