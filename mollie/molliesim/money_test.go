package molliesim

import "testing"

func TestParseValue(t *testing.T) {
	cases := []struct {
		cur, value string
		want       int64
		ok         bool
	}{
		{"EUR", "10.00", 1000, true},
		{"EUR", "0.01", 1, true},
		{"EUR", "-5.00", -500, true},
		{"EUR", "16.1", 0, false},
		{"EUR", "16", 0, false},
		{"EUR", ".50", 0, false},
		{"EUR", "1e3", 0, false},
		{"EUR", "1,00", 0, false},
		{"EUR", " 1.00", 0, false},
		{"EUR", "+1.00", 0, false},
		{"EUR", "9999999999999.00", 0, false},
		{"JPY", "1500", 1500, true},
		{"JPY", "1500.00", 0, false},
		{"ISK", "0", 0, true},
		{"XXX", "1.00", 0, false},
	}
	for _, tc := range cases {
		got, err := parseValue(tc.cur, tc.value)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("parseValue(%s, %q) = %d, %v", tc.cur, tc.value, got, err)
		}
	}
}

func TestMoneyValueAndRange(t *testing.T) {
	for _, tc := range []struct {
		m    money
		want string
	}{
		{money{"EUR", 1}, "0.01"}, {money{"EUR", 6000}, "60.00"}, {money{"EUR", -250}, "-2.50"},
		{money{"JPY", 1500}, "1500"}, {money{"GBP", 0}, "0.00"},
	} {
		if got := tc.m.value(); got != tc.want {
			t.Errorf("%+v.value() = %q, want %q", tc.m, got, tc.want)
		}
	}
	if checkRange(money{"EUR", 5000000}) != nil || checkRange(money{"EUR", 5000001}) != errAmountTooHigh {
		t.Error("EUR maximum is not 50,000.00")
	}
	if checkRange(money{"JPY", 8000000}) != nil || checkRange(money{"JPY", 8000001}) != errAmountTooHigh {
		t.Error("JPY maximum is not the EUR-equivalent")
	}
	if checkRange(money{"EUR", 0}) != errAmountNotPos {
		t.Error("zero accepted")
	}
}

func TestPublicHost(t *testing.T) {
	for host, want := range map[string]bool{
		"shop.example.org": true, "93.184.216.34": true, "2606:2800:220:1::": true,
		"localhost": false, "LOCALHOST.": false, "app.localhost": false, "127.0.0.1": false, "127.1.2.3": false,
		"::1": false, "::ffff:127.0.0.1": false, "10.0.0.1": false, "172.31.255.255": false, "192.168.0.1": false,
		"169.254.169.254": false, "100.64.1.1": false, "0.0.0.0": false, "fd00::1": false, "fe80::1": false,
		"printer.local": false, "paydesk.test": false, "intranet": false, "host.internal": false,
	} {
		if got := publicHost(host); got != want {
			t.Errorf("publicHost(%q) = %v", host, got)
		}
	}
}
