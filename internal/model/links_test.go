package model

import "testing"

func TestLinksStayOnTheSite(t *testing.T) {
	cases := []struct {
		in                string
		local, url, email bool
	}{
		{in: "/groups/x", local: true},
		{in: "/groups/x?page=2#top", local: true},
		{in: "/søg?q=bøger", local: true},
		{in: "https://example.org/x", url: true},
		{in: "http://bibliotek.dk", url: true},
		{in: "ida@example.org", email: true},
		{in: "ida.hansen+spor@bibliotek.dk", email: true},
		{in: "søren@bibliotek-æble.dk", email: true},
		{in: "//evil.example/x"},
		{in: "///evil.example/x"},
		{in: "/\\evil.example"},
		{in: "/\\/evil.example"},
		{in: "/\t/evil.example"},
		{in: "/\n/evil.example"},
		{in: "/x\x00y"},
		{in: "/x\xffy"},
		{in: "\\\\evil.example"},
		{in: "javascript:alert(1)"},
		{in: "JaVaScRiPt:alert(1)"},
		{in: "data:text/html,<script>alert(1)</script>"},
		{in: "vbscript:x"},
		{in: "evil.example"},
		{in: "https:evil.example"},
		{in: "https:///evil.example"},
		{in: "https://good.example@evil.example/"},
		{in: "https://evil.example/\\x"},
		{in: "https://evil.example/ x"},
		{in: "http://evil.example/\r\nSet-Cookie:x"},
		{in: "ftp://files.example/x"},
		{in: "mailto:ida@example.org"},
		{in: "ida@example.org?cc=boss@example.org"},
		{in: "ida@example.org?body=hej"},
		{in: "ida@example.org&cc=x@example.org"},
		{in: "ida%40x@example.org"},
		{in: "ida@example.org%0Acc:x@example.org"},
		{in: "\"ida\"@example.org"},
		{in: "Ida <ida@example.org>"},
		{in: "ida@example"},
		{in: "ida@@example.org"},
		{in: ".ida@example.org"},
		{in: "i..da@example.org"},
		{in: "ida@example.org/x"},
		{in: "ida@exa mple.org"},
		{in: ""},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			if got := ValidLocalPath(tc.in); got != tc.local {
				t.Errorf("ValidLocalPath = %v, want %v", got, tc.local)
			}
			if got := ValidURL(tc.in) && tc.in != ""; got != tc.url {
				t.Errorf("ValidURL = %v, want %v", got, tc.url)
			}
			if got := ValidEmail(tc.in); got != tc.email {
				t.Errorf("ValidEmail = %v, want %v", got, tc.email)
			}
			if got, want := ValidLink(tc.in), tc.in == "" || tc.local || tc.url; got != want {
				t.Errorf("ValidLink = %v, want %v", got, want)
			}
			if got := LocalPath(tc.in); tc.local && got != tc.in || !tc.local && got != "/" {
				t.Errorf("LocalPath = %q", got)
			}
			if got := Mailto(tc.in); tc.email && got != "mailto:"+tc.in || !tc.email && got != "" {
				t.Errorf("Mailto = %q", got)
			}
			if got := SafeLink(tc.in); (tc.local || tc.url) && got != tc.in || !(tc.local || tc.url) && got != "" {
				t.Errorf("SafeLink = %q", got)
			}
		})
	}
}

func TestAlertRefusesOffSiteLinks(t *testing.T) {
	for _, link := range []string{"//evil.example", "/\\evil.example", "javascript:alert(1)", "https://a@evil.example"} {
		a := Alert{Message: map[string]string{"da": "x", "sv": "x", "en": "x"}, Level: "info", Link: link}
		err := a.Validate()
		e, ok := err.(Errors)
		if !ok || e["link"] == "" {
			t.Errorf("link %q: err %v, want a link error", link, err)
		}
	}
}
