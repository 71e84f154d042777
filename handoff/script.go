package handoff

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/baklint/baklint/errclass"
	"github.com/baklint/baklint/layout"
	"github.com/baklint/baklint/report"
)

// Script writes, for every ready database of r, the command that starts its
// migration, in batches of at most report.MaxBatch. Databases that are not
// ready come first, as comments with their blocking findings. The output
// depends only on r and o: the same input gives the same bytes.
func Script(w io.Writer, r *layout.Result, o Options) error {
	if o.Shell == "" {
		o.Shell = ShellPowerShell
	}
	var d *dialect
	switch o.Shell {
	case ShellPowerShell:
		d = powershell
	case ShellAz:
		d = bash
	case ShellREST:
	default:
		return errclass.Errorf(errclass.BadInput, "unknown --shell %q: use powershell, az or rest", o.Shell)
	}
	p, err := newPlan(r, o)
	if err != nil {
		return err
	}
	var b strings.Builder
	if d == nil {
		err = writeREST(&b, p, o)
	} else {
		writeScript(&b, d, p, o)
	}
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, b.String())
	return err
}

// dialect is what differs between the PowerShell and the bash (az) script.
type dialect struct {
	shebang []string
	quote   func(string) string
	varName map[string]string // variable key -> name in this shell
	ref     func(name string) string
	env     func(name string) string
	assign  func(name, value string) string
	derived func(p *plan, name func(string) string) []string // $Scope from the others
	checks  func(p *plan, vars []string) []string
	pause   func(done, total int) []string
	cmd     func(p *plan, j job, o Options) command
	join    func(parts []string) string // quoted pieces into one argument
}

// concat writes literal and variable pieces as one argument.
func (d *dialect) concat(ps []piece) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		if p.isVar {
			parts[i] = d.ref(d.varName[p.s])
		} else {
			parts[i] = d.quote(p.s)
		}
	}
	return d.join(parts)
}

var powershell = &dialect{
	quote: psQuote,
	varName: map[string]string{vSubscription: "Subscription", vResourceGroup: "ResourceGroup", vInstance: "Instance",
		vMigrationService: "MigrationService", vStorageAccountID: "StorageAccountId", vScope: "Scope", vCollation: "Collation",
		vStorageEndpoint: "StorageEndpoint", vContainer: "Container"},
	ref:    func(n string) string { return "$" + n },
	env:    func(n string) string { return "$env:" + n },
	assign: func(n, v string) string { return "$" + n + " = " + psQuote(v) },
	derived: func(p *plan, name func(string) string) []string {
		return []string{"$Scope = " + `"` + scopeTemplate(p, func(k string) string { return "$" + name(k) }) + `"`}
	},
	checks: func(p *plan, vars []string) []string {
		out := []string{"$ErrorActionPreference = 'Stop'"}
		for _, v := range vars {
			out = append(out, fmt.Sprintf("if ($%s -match '<.*>') { throw 'Edit $%s at the top of this script: it is still a placeholder.' }", v, v))
		}
		if e := secretEnv(p); e != "" {
			out = append(out, fmt.Sprintf("if (-not $env:%s) { throw 'Set $env:%s first: %s' }", e, e, secretWhat(e)))
		}
		return out
	},
	pause: func(done, total int) []string {
		return []string{fmt.Sprintf("Read-Host 'Batch %d of %d started. Press Enter when its migrations have finished, to start the next batch'", done, total)}
	},
	cmd:  psCommand,
	join: func(parts []string) string { return "(" + strings.Join(parts, " + ") + ")" },
}

var bash = &dialect{
	shebang: []string{"#!/usr/bin/env bash", "set -euo pipefail"},
	quote:   shQuote,
	varName: map[string]string{vSubscription: "SUBSCRIPTION", vResourceGroup: "RESOURCE_GROUP", vInstance: "INSTANCE",
		vMigrationService: "MIGRATION_SERVICE", vStorageAccountID: "STORAGE_ACCOUNT_ID", vScope: "SCOPE", vCollation: "COLLATION",
		vStorageEndpoint: "STORAGE_ENDPOINT", vContainer: "CONTAINER"},
	ref:    func(n string) string { return `"$` + n + `"` },
	env:    func(n string) string { return `"$` + n + `"` },
	assign: func(n, v string) string { return n + "=" + shQuote(v) },
	derived: func(p *plan, name func(string) string) []string {
		return []string{"SCOPE=" + `"` + scopeTemplate(p, func(k string) string { return "${" + name(k) + "}" }) + `"`}
	},
	checks: func(p *plan, vars []string) []string {
		var out []string
		for _, v := range vars {
			out = append(out, fmt.Sprintf(`case "$%s" in *'<'*'>'*) echo "Edit %s at the top of this script: it is still a placeholder." >&2; exit 1;; esac`, v, v))
		}
		if e := secretEnv(p); e != "" {
			out = append(out, fmt.Sprintf(`: "${%s:?set %s first: %s}"`, e, e, secretWhat(e)))
		}
		return out
	},
	pause: func(done, total int) []string {
		return []string{fmt.Sprintf(`read -r -p 'Batch %d of %d started. Press Enter when its migrations have finished, to start the next batch. ' _`, done, total)}
	},
	cmd:  azCommand,
	join: func(parts []string) string { return strings.Join(parts, "") }, // adjacent words are one argument
}

func secretEnv(p *plan) string {
	switch p.Auth {
	case AuthSAS:
		return EnvSAS
	case AuthAccountKey:
		return EnvAccountKey
	}
	return ""
}

func secretWhat(env string) string {
	if env == EnvSAS {
		return "a SAS token for the container with Read and List permissions only (no leading ?)"
	}
	return "the key of the storage account that holds the backups"
}

// scopeTemplate is the resource ID of the target instance, built from the
// script's own variables.
func scopeTemplate(p *plan, ref func(string) string) string {
	s := "/subscriptions/" + ref(vSubscription) + "/resourceGroups/" + ref(vResourceGroup) + "/providers/"
	if p.Service == DMSVM {
		return s + "Microsoft.SqlVirtualMachine/sqlVirtualMachines/" + ref(vInstance)
	}
	return s + "Microsoft.Sql/managedInstances/" + ref(vInstance)
}

// azureValues resolves every variable key to its value: the one given, or
// its placeholder. Scripts and REST documents both read them from here.
func azureValues(p *plan, o Options) map[string]string {
	a := o.Azure
	return map[string]string{
		vSubscription:     cmp.Or(a.Subscription, phSubscription),
		vResourceGroup:    cmp.Or(a.ResourceGroup, phResourceGroup),
		vInstance:         cmp.Or(a.Instance, p.instancePlaceholder()),
		vCollation:        cmp.Or(a.Collation, DefaultCollation),
		vStorageEndpoint:  cmp.Or(o.ServiceURL, phServiceURL),
		vMigrationService: cmp.Or(a.MigrationService, phMigrationService),
		vStorageAccountID: cmp.Or(a.StorageAccountID, storageAccountPlaceholder(o)),
		vContainer:        cmp.Or(o.Container, phContainer),
	}
}

// variables lists, in order, the script variables the service needs and
// their values (given or placeholder).
func variables(p *plan, o Options) [][2]string {
	keys := []string{vSubscription, vResourceGroup, vInstance}
	if p.Service == LRS {
		keys = append(keys, vCollation, vStorageEndpoint)
	} else {
		keys = append(keys, vMigrationService, vStorageAccountID)
	}
	if p.usesSourceContainer() {
		keys = append(keys, vContainer)
	}
	v := azureValues(p, o)
	vs := make([][2]string, len(keys))
	for i, k := range keys {
		vs[i] = [2]string{k, v[k]}
	}
	return vs
}

// usesSourceContainer is true when some job sits in the source's one
// container rather than naming its own (account-wide scans).
func (p *plan) usesSourceContainer() bool {
	for _, b := range p.Batches {
		for _, j := range b {
			if j.Container == "" {
				return true
			}
		}
	}
	return false
}

// storageAccountPlaceholder keeps the account name when it is known, so
// only the subscription and resource group are left to fill in.
func storageAccountPlaceholder(o Options) string {
	if o.Account == "" {
		return phStorageAccountID
	}
	return strings.Replace(phStorageAccountID, "<storage-account>", o.Account, 1)
}

func writeScript(b *strings.Builder, d *dialect, p *plan, o Options) {
	p = shellSafe(p)
	line := func(s string) { b.WriteString(s + "\n") }
	for _, s := range d.shebang {
		line(s)
	}
	writeHeader(b, p, o)
	vars := variables(p, o)
	name := func(k string) string { return d.varName[k] }
	line("")
	line("# Azure resources: values baklint was not given are placeholders in <angle brackets>;")
	line("# edit them here, or pass --subscription, --resource-group, --instance, --migration-service,")
	line("# --storage-account-id to baklint script.")
	var names []string
	for _, v := range vars {
		line(d.assign(name(v[0]), v[1]))
		names = append(names, name(v[0]))
	}
	if p.Service != LRS {
		for _, s := range d.derived(p, name) {
			line(s)
		}
	}
	for _, s := range d.checks(p, names) {
		line(s)
	}
	for i, batch := range p.Batches {
		line("")
		line(fmt.Sprintf("# Batch %d of %d: %s", i+1, len(p.Batches), layout.Plural(len(batch), "database")))
		for _, j := range batch {
			line(d.render(d.cmd(p, j, o)))
		}
		if i+1 < len(p.Batches) {
			for _, s := range d.pause(i+1, len(p.Batches)) {
				line(s)
			}
		}
	}
}

// shellSafe moves the jobs no shell can pass (a NUL byte in a name) out of
// the batches: they are listed in the header instead.
func shellSafe(p *plan) *plan {
	q := *p
	q.Batches = nil
	for _, batch := range p.Batches {
		var kept []job
		for _, j := range batch {
			if quotable(j.Name) && quotable(j.Folder) && quotable(j.Container) && quotable(j.LastBackupName) {
				kept = append(kept, j)
			} else {
				q.Unwritable = append(q.Unwritable, j)
			}
		}
		if len(kept) > 0 {
			q.Batches = append(q.Batches, kept)
		}
	}
	return &q
}

// writeHeader writes the comment block every shell starts with: what the
// script does, and the databases it leaves out and why.
func writeHeader(b *strings.Builder, p *plan, o Options) {
	line := func(s string) { b.WriteString(strings.TrimRight("# "+s, " ") + "\n") }
	line(fmt.Sprintf("baklint script: %s (target %s), %s in %s of at most 100.",
		p.Service, commentSafe(p.Target), layout.Plural(p.ready(), "ready database"), layout.Plural(len(p.Batches), "batch")))
	line("Source: " + commentSafe(p.Source))
	switch secretEnv(p) {
	case EnvSAS:
		line("The SAS is read from $" + EnvSAS + " (Read and List only); it is never written here.")
	case EnvAccountKey:
		line("The storage account key is read from $" + EnvAccountKey + "; it is never written here.")
	default:
		line("Storage is read with the target's system-assigned managed identity: grant it Storage Blob Data Reader on the container.")
	}
	if len(p.Unwritable) > 0 {
		line(fmt.Sprintf("Left out: %s whose names hold a NUL byte, which no shell passes; use --shell rest:",
			layout.Plural(len(p.Unwritable), "ready database")))
		for _, j := range p.Unwritable {
			line("  " + commentSafe(j.Name) + " (folder " + commentSafe(j.Folder) + ")")
		}
	}
	if len(p.NotReady) == 0 {
		line("Every database is ready.")
		return
	}
	line("")
	line(fmt.Sprintf("Not ready: %s, left out below. Fix what blocks them and run baklint script again.", layout.Plural(len(p.NotReady), "database")))
	for _, rd := range p.NotReady {
		db := rd.Database
		line("  " + commentSafe(report.DatabaseLabel(db)) + " (folders: " + commentSafe(strings.Join(db.Folders, ", ")) + ")")
		reasons, findings := whyNotReady(rd)
		for _, s := range append(reasons, findings...) {
			line("    - " + commentSafe(s))
		}
	}
}

// render writes one command on one line.
func (d *dialect) render(c command) string {
	parts := []string{c.name}
	for _, a := range c.args {
		parts = append(parts, a.flag)
		switch a.kind {
		case argLit:
			parts = append(parts, d.quote(a.val))
		case argVar:
			parts = append(parts, d.ref(d.varName[a.val]))
		case argEnv:
			parts = append(parts, d.env(a.val))
		case argJSON:
			parts = append(parts, d.spliceJSON(a.json))
		case argConcat:
			parts = append(parts, d.concat(a.pieces))
		}
	}
	return strings.Join(parts, " ")
}

var sentinel = regexp.MustCompile(`\\u0000(var|env):([A-Za-z_]+)\\u0000`)

// spliceJSON writes v as JSON in single-quoted pieces, with the shell
// variables its sentinels stand for spliced in between as "$NAME": the
// literal parts stay inert, the variables expand to one word.
func (d *dialect) spliceJSON(v any) string {
	raw, err := json.Marshal(v)
	if err != nil {
		panic(err) // maps of strings and bools always marshal
	}
	s := string(raw)
	var b strings.Builder
	last := 0
	for _, m := range sentinel.FindAllStringSubmatchIndex(s, -1) {
		b.WriteString(d.quote(s[last:m[0]]))
		kind, name := s[m[2]:m[3]], s[m[4]:m[5]]
		if kind == "var" {
			b.WriteString(d.ref(d.varName[name]))
		} else {
			b.WriteString(d.env(name))
		}
		last = m[1]
	}
	b.WriteString(d.quote(s[last:]))
	return b.String()
}
