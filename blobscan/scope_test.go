package blobscan

import "testing"

func TestNarrowPrefixKeepsTheStricterOfScopeAndPrefix(t *testing.T) {
	tests := []struct {
		scope, prefix, want string
		ok                  bool
	}{
		{"", "", "", true},
		{"", "DB1/", "DB1/", true},
		{"SRV/", "", "SRV/", true},
		{"SRV/", "SRV/DB1/", "SRV/DB1/", true},
		{"SRV/DB1/", "SRV/", "SRV/DB1/", true},
		{"SRV/DB1/", "OTHER/", "", false},
		{"SRV/DB1", "SRV/DB10/", "SRV/DB10/", true},
	}
	for _, tt := range tests {
		got, ok := NarrowPrefix(tt.scope, tt.prefix)
		if got != tt.want || ok != tt.ok {
			t.Errorf("NarrowPrefix(%q, %q) = %q, %v; want %q, %v", tt.scope, tt.prefix, got, ok, tt.want, tt.ok)
		}
	}
}
