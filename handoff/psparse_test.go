package handoff

import (
	"strings"
	"testing"
	"unicode"
)

// A tokenizer for the PowerShell the scripts are made of, written to the
// quoting rules of about_Quoting_Rules and about_Parsing (no PowerShell on
// the test machines): in a single-quoted string nothing is expanded and a
// quote is written by doubling it, where ', ‘, ’, ‚ and ‛ all count as
// single quotes; newlines outside quotes end a statement; # outside quotes
// starts a comment to the end of the line.

type psTok struct {
	kind byte // 'w' word, 's' single-quoted, 'd' double-quoted, 'v' $var, 'e' $env:var, '(' ')' '+', '\n'
	val  string
}

func isPSQuote(r rune) bool {
	return r == '\'' || r == '\u2018' || r == '\u2019' || r == '\u201a' || r == '\u201b'
}

func psTokenize(t *testing.T, src string) []psTok {
	t.Helper()
	rs := []rune(src)
	var out []psTok
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case r == ' ' || r == '\t':
			i++
		case r == '\n':
			out = append(out, psTok{kind: '\n'})
			i++
		case r == '#':
			for i < len(rs) && rs[i] != '\n' {
				i++
			}
		case isPSQuote(r):
			var b strings.Builder
			i++
			for {
				if i >= len(rs) {
					t.Fatalf("unterminated single-quoted string in:\n%s", src)
				}
				if isPSQuote(rs[i]) {
					if i+1 < len(rs) && isPSQuote(rs[i+1]) {
						b.WriteRune(rs[i+1])
						i += 2
						continue
					}
					i++
					break
				}
				b.WriteRune(rs[i])
				i++
			}
			out = append(out, psTok{kind: 's', val: b.String()})
		case r == '"':
			j := i + 1
			for j < len(rs) && rs[j] != '"' {
				j++
			}
			out = append(out, psTok{kind: 'd', val: string(rs[i+1 : j])})
			i = j + 1
		case r == '$':
			j := i + 1
			for j < len(rs) && (unicode.IsLetter(rs[j]) || unicode.IsDigit(rs[j]) || rs[j] == '_' || rs[j] == ':') {
				j++
			}
			name := string(rs[i+1 : j])
			if env, ok := strings.CutPrefix(name, "env:"); ok {
				out = append(out, psTok{kind: 'e', val: env})
			} else {
				out = append(out, psTok{kind: 'v', val: name})
			}
			i = j
		case r == '(' || r == ')' || r == '+':
			out = append(out, psTok{kind: byte(r)})
			i++
		default:
			j := i
			for j < len(rs) && !strings.ContainsRune(" \t\n()'\"", rs[j]) && !isPSQuote(rs[j]) {
				j++
			}
			out = append(out, psTok{kind: 'w', val: string(rs[i:j])})
			i = j
		}
	}
	return out
}

// parsePowerShell returns the script's variables (from `$X = '…'` and the
// derived `$Scope = "…"`) and its Start-Az…/New-Az… command statements.
func parsePowerShell(t *testing.T, src string) (map[string]string, [][]psTok) {
	t.Helper()
	vars := map[string]string{}
	var cmds [][]psTok
	var stmt []psTok
	flush := func() {
		defer func() { stmt = nil }()
		if len(stmt) == 0 {
			return
		}
		if len(stmt) == 3 && stmt[0].kind == 'v' && stmt[1].val == "=" {
			switch stmt[2].kind {
			case 's':
				vars[stmt[0].val] = stmt[2].val
			case 'd':
				v := stmt[2].val
				for k, val := range vars {
					v = strings.ReplaceAll(v, "$"+k+"/", val+"/")
					if strings.HasSuffix(v, "$"+k) {
						v = strings.TrimSuffix(v, "$"+k) + val
					}
				}
				vars[stmt[0].val] = v
			}
			return
		}
		if stmt[0].kind == 'w' && (strings.HasPrefix(stmt[0].val, "Start-Az") || strings.HasPrefix(stmt[0].val, "New-Az")) {
			cmds = append(cmds, stmt)
		}
	}
	for _, tk := range psTokenize(t, src) {
		if tk.kind == '\n' {
			flush()
			continue
		}
		stmt = append(stmt, tk)
	}
	flush()
	return vars, cmds
}

// evalPS returns the arguments a command statement passes, as PowerShell
// would bind them: literals as written, variables by value, secrets as
// $env:NAME (their value is not in the script), (a + b) concatenated. Any
// other token (a stray word, a second statement) fails the test: it is
// what a broken quote would produce.
func evalPS(t *testing.T, cmd []psTok, vars map[string]string) []string {
	t.Helper()
	val := func(tk psTok) string {
		switch tk.kind {
		case 's':
			return tk.val
		case 'v':
			v, ok := vars[tk.val]
			if !ok {
				t.Fatalf("command uses undefined $%s", tk.val)
			}
			return v
		case 'e':
			return "$env:" + tk.val
		}
		t.Fatalf("unexpected token %c %q in a value", tk.kind, tk.val)
		return ""
	}
	args := []string{cmd[0].val}
	for i := 1; i < len(cmd); i++ {
		tk := cmd[i]
		switch {
		case tk.kind == 'w' && strings.HasPrefix(tk.val, "-"):
			args = append(args, tk.val)
		case tk.kind == '(':
			var b strings.Builder
			for i++; i < len(cmd) && cmd[i].kind != ')'; i++ {
				if cmd[i].kind != '+' {
					b.WriteString(val(cmd[i]))
				}
			}
			args = append(args, b.String())
		case tk.kind == 'w':
			t.Fatalf("stray word %q in command %q: a quote was broken", tk.val, cmd[0].val)
		default:
			args = append(args, val(tk))
		}
	}
	return args
}

func TestThePowerShellTokenizerFollowsTheQuotingRules(t *testing.T) {
	toks := psTokenize(t, "Cmd -A 'it''s' -B 'x’’y' -C $V -D $env:S -E ($V + '/f') # c\nNext")
	vals, _ := flagValues(evalPS(t, toks[:len(toks)-2], map[string]string{"V": "v"}), "-")
	for k, want := range map[string]string{"-A": "it's", "-B": "x’y", "-C": "v", "-D": "$env:S", "-E": "v/f"} {
		check(t, k, vals[k], want)
	}
	if toks[len(toks)-1].val != "Next" || toks[len(toks)-2].kind != '\n' {
		t.Errorf("the comment did not end at the newline: %v", toks)
	}
	// A quote that is not doubled ends the literal: the tokenizer must see
	// what follows as code, or it could not catch a broken psQuote.
	broken := psTokenize(t, "Cmd -A 'a’; evil")
	if len(broken) < 3 || broken[2].val != "a" || broken[3].val != ";" {
		t.Errorf("an undoubled typographic quote did not end the string: %v", broken)
	}
}
