package domain

import (
	"strings"
	"testing"
)

func TestCheckWebhookURL(t *testing.T) {
	refused := []struct {
		url, says string
	}{
		{"http://pay.example.com/webhooks/mollie", "webhook_https"},
		{"ftp://pay.example.com/webhooks/mollie", "webhook_https"},
		{"https://localhost/webhooks/mollie", "webhook_host"},
		{"https://LOCALHOST:8443/webhooks/mollie", "webhook_host"},
		{"https://localhost./webhooks/mollie", "webhook_host"},
		{"https://app.localhost/webhooks/mollie", "webhook_host"},
		{"https://127.0.0.1/webhooks/mollie", "webhook_host"},
		{"https://127.8.9.10:9000/webhooks/mollie", "webhook_host"},
		{"https://[::1]/webhooks/mollie", "webhook_host"},
		{"https://[::1]:8443/webhooks/mollie", "webhook_host"},
		{"https://[::ffff:127.0.0.1]/webhooks/mollie", "webhook_host"},
		{"https://10.0.0.5/webhooks/mollie", "webhook_host"},
		{"https://172.16.3.4/webhooks/mollie", "webhook_host"},
		{"https://192.168.1.20/webhooks/mollie", "webhook_host"},
		{"https://169.254.1.1/webhooks/mollie", "webhook_host"},
		{"https://[fd00::1]/webhooks/mollie", "webhook_host"},
		{"https://[fe80::1]/webhooks/mollie", "webhook_host"},
		{"https://0.0.0.0/webhooks/mollie", "webhook_host"},
		{"https://paydesk.local/webhooks/mollie", "webhook_host"},
		{"https://paydesk.test/webhooks/mollie", "webhook_host"},
		{"https://PayDesk.Test/webhooks/mollie", "webhook_host"},
		{"https://paydesk.internal/webhooks/mollie", "webhook_host"},
		{"https://paydesk/webhooks/mollie", "webhook_host"},
		{"pay.example.com/webhooks/mollie", "webhook_url ["},
		{"https:///webhooks/mollie", "webhook_url ["},
		{"https://pay example.com/", "webhook_url ["},
		{"://", "webhook_url ["},
	}
	for _, tt := range refused {
		err := CheckWebhookURL(tt.url)
		if err == nil {
			t.Errorf("CheckWebhookURL(%q) accepted it", tt.url)
			continue
		}
		if !strings.Contains(err.Error(), tt.says) {
			t.Errorf("CheckWebhookURL(%q) = %q, want it to say %q", tt.url, err, tt.says)
		}
	}
	// The refusal of a private host names the host, for the message.
	if err := CheckWebhookURL("https://127.0.0.1/webhooks/mollie"); !reasonIs(err, WhyWebhookHost, "127.0.0.1") {
		t.Errorf("private host refused with %v", err)
	}
	for _, ok := range []string{
		"https://pay.example.com/webhooks/mollie",
		"https://PAY.EXAMPLE.COM/webhooks/mollie",
		"HTTPS://pay.example.com/webhooks/mollie",
		"https://pay.example.com:8443/webhooks/mollie?x=1",
		"https://203.0.113.9/webhooks/mollie",
		"https://[2001:db8::1]/webhooks/mollie",
		"https://mollie.testing.example.com/webhooks/mollie",
		"https://local.example.com/webhooks/mollie",
	} {
		if err := CheckWebhookURL(ok); err != nil {
			t.Errorf("CheckWebhookURL(%q): %v", ok, err)
		}
	}
}

func TestValidateSetting(t *testing.T) {
	ok := []struct{ key, in, want string }{
		{SettingPaymentKind, "link", "link"},
		{SettingPaymentKind, " checkout ", "checkout"},
		{SettingLinkExpiry, "due_date", "due_date"},
		{SettingLinkExpiry, "never", "never"},
		{SettingLinkExpiry, "30", "30"},
		{SettingLinkExpiry, "30d", "30d"},
		{SettingLinkExpiry, "3650", "3650"},
		{SettingReturnURL, "https://shop.example.com/thanks", "https://shop.example.com/thanks"},
		{SettingReturnURL, "http://localhost:8080/thanks", "http://localhost:8080/thanks"},
		{SettingReturnURL, "", ""},
		{SettingWebhookURL, "https://pay.example.com/webhooks/mollie", "https://pay.example.com/webhooks/mollie"},
		{SettingWebhookURL, "", ""},
		{SettingLanguage, "de", "de"},
		{SettingLanguage, "", ""},
		{SettingLogDays, "365", "365"},
		{SettingLogDays, "1", "1"},
	}
	for _, tt := range ok {
		got, err := ValidateSetting(tt.key, tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ValidateSetting(%s, %q) = %q, %v; want %q", tt.key, tt.in, got, err, tt.want)
		}
	}
	bad := []struct{ key, in, says string }{
		{SettingPaymentKind, "payment", "setting_choice [payment_kind, link, checkout"},
		{SettingPaymentKind, "", "setting_choice [payment_kind, link, checkout"},
		{SettingLinkExpiry, "0", "link_expiry"},
		{SettingLinkExpiry, "-3", "link_expiry"},
		{SettingLinkExpiry, "3651", "link_expiry"},
		{SettingLinkExpiry, "soon", "link_expiry"},
		{SettingReturnURL, "shop.example.com/thanks", "not_url [return_url"},
		{SettingReturnURL, "mailto:a@example.com", "not_url [return_url"},
		{SettingWebhookURL, "http://pay.example.com/webhooks/mollie", "webhook_https"},
		{SettingWebhookURL, "https://localhost/webhooks/mollie", "webhook_host"},
		{SettingLanguage, "fr", "setting_choice [language, en, de, nl"},
		{SettingLogDays, "0", "setting_days"},
		{SettingLogDays, "a year", "setting_days"},
		{SettingAPIKey, "test_x", "unknown_setting"},
		{SettingIntegration, "on", "unknown_setting"},
		{"colour", "blue", "unknown_setting"},
	}
	for _, tt := range bad {
		got, err := ValidateSetting(tt.key, tt.in)
		if err == nil {
			t.Errorf("ValidateSetting(%s, %q) = %q, want an error", tt.key, tt.in, got)
			continue
		}
		if !strings.Contains(err.Error(), tt.says) {
			t.Errorf("ValidateSetting(%s, %q) = %q, want it to say %q", tt.key, tt.in, err, tt.says)
		}
	}
	// The list of known settings never offers the key or the switch.
	_, err := ValidateSetting("colour", "blue")
	if strings.Contains(err.Error(), SettingAPIKey) || !strings.Contains(err.Error(), SettingWebhookURL) {
		t.Errorf("unknown-setting message %q", err)
	}
}

func TestSettingDefaultsAreValid(t *testing.T) {
	for _, s := range UserSettings {
		if SettingDefault(s.Key) != s.Default {
			t.Errorf("SettingDefault(%s) = %q", s.Key, SettingDefault(s.Key))
		}
		if s.Default == "" {
			continue
		}
		if got, err := ValidateSetting(s.Key, s.Default); err != nil || got != s.Default {
			t.Errorf("default of %s (%q) is not valid: %q, %v", s.Key, s.Default, got, err)
		}
	}
	if SettingDefault(SettingAPIKey) != "" || SettingDefault("nope") != "" {
		t.Error("defaults for settings that are not user settings")
	}
}

func TestParseLinkExpiry(t *testing.T) {
	for in, want := range map[string]LinkExpiry{"": {DueDate: true}, "due_date": {DueDate: true}, "never": {}, "7": {Days: 7}, "7d": {Days: 7}} {
		got, err := ParseLinkExpiry(in)
		if err != nil || got != want {
			t.Errorf("ParseLinkExpiry(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, in := range []string{"d", "0d", "1.5", "7days", "Never", "99999999999999999999"} {
		if got, err := ParseLinkExpiry(in); err == nil {
			t.Errorf("ParseLinkExpiry(%q) = %+v, want an error", in, got)
		}
	}
}
