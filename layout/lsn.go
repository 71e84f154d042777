package layout

// LSNs are decimal strings of up to 25 digits (they exceed 64 bits). Two
// valid ones compare by length once leading zeros are gone, then bytewise;
// this avoids math/big allocations on the hot path of a million-file lint.

// validLSN reports whether s is a non-empty string of decimal digits.
func validLSN(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// compareLSN returns -1, 0 or +1. Both arguments must be validLSN.
func compareLSN(a, b string) int {
	a, b = trimZeros(a), trimZeros(b)
	switch {
	case len(a) < len(b):
		return -1
	case len(a) > len(b):
		return 1
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func trimZeros(s string) string {
	for len(s) > 1 && s[0] == '0' {
		s = s[1:]
	}
	return s
}
