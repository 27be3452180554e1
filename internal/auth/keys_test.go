package auth

import "testing"

func TestFailureKeysGroupIPv6ByNetwork(t *testing.T) {
	a := failureKeys("Ann@Example.org", "2001:db8:1:2::1")
	b := failureKeys("ann@example.org", "2001:db8:1:2:ffff::9")
	if a != b {
		t.Errorf("one /64 and one account (any case) counted apart: %q vs %q", a, b)
	}
	if c := failureKeys("ann@example.org", "2001:db8:1:3::1"); c[2] == a[2] {
		t.Error("another /64 shares the counter")
	}
	if v4 := failureKeys("ann@example.org", "192.0.2.1"); v4[2] != "fail:ip:192.0.2.1" {
		t.Errorf("IPv4 key = %q", v4[2])
	}
	if long := failureKeys(string(make([]byte, 100000)), "192.0.2.1"); len(long[0]) > 100 {
		t.Errorf("a long email makes a %d-byte key", len(long[0]))
	}
}
