package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/sas"

	"github.com/baklint/baklint/fix"
	"github.com/baklint/baklint/internal/azurite"
)

// The fix dry run reads the destination: a container that does not exist
// is planned as created (and --apply creates it), and names that already
// hold identical or different content show as done or conflicts before
// anything is written.
func TestFixDryRunShowsTheDestinationBeforeAnythingIsWritten(t *testing.T) {
	e := azurite.Get(t)
	ctx := context.Background()
	cs := e.ConnectionString()
	t.Run("a missing container is planned, then created", func(t *testing.T) {
		name := "new" + e.NewContainer(t)
		dest := e.ContainerURL(name)
		code, out, stderr := runCLI(t, "fix", olaLayout, "--dest", dest, "--connection-string", cs)
		if code != 0 || !strings.Contains(out, "does not exist: --apply creates it") || !strings.Contains(out, "Destination: 15 new") {
			t.Fatalf("dry run: exit %d, stdout %q, stderr %q", code, out, stderr)
		}
		if _, err := e.Client(t).ServiceClient().NewContainerClient(name).GetProperties(ctx, nil); err == nil {
			t.Fatal("the dry run created the container")
		}
		code, out, stderr = runCLI(t, "fix", olaLayout, "--dest", dest, "--connection-string", cs, "--apply")
		if code != 0 || !strings.Contains(stderr, "created the destination container") || !strings.Contains(out, "15 copied") {
			t.Fatalf("apply: exit %d, stdout %q, stderr %q", code, out, stderr)
		}
	})
	t.Run("identical and different content at destination names", func(t *testing.T) {
		name := e.NewContainer(t)
		same, err := os.ReadFile(filepath.Join(olaLayout, "SQL01$PROD/HR/FULL/SQL01$PROD_HR_FULL_20240101_010000.bak"))
		if err != nil {
			t.Fatal(err)
		}
		e.Upload(t, name, map[string][]byte{
			"HR/SQL01$PROD_HR_FULL_20240101_010000.bak":       same,
			"Sales/SQL01$PROD_Sales_FULL_20240101_010000.bak": []byte("someone else's backup"),
		})
		planFile := filepath.Join(t.TempDir(), "plan.json")
		code, out, stderr := runCLI(t, "fix", olaLayout, "--dest", e.ContainerURL(name), "--connection-string", cs, "--plan", planFile)
		if code != 0 || !strings.Contains(out, "13 new, 1 already there with identical content") || !strings.Contains(out, "1 conflict ") ||
			!strings.Contains(out, "conflict: Sales/SQL01$PROD_Sales_FULL_20240101_010000.bak") {
			t.Fatalf("dry run: exit %d, stdout %q, stderr %q", code, out, stderr)
		}
		plan, err := fix.LoadPlan(planFile)
		if err != nil {
			t.Fatal(err)
		}
		states := map[string]int{}
		for _, m := range plan.Moves {
			states[m.Dest]++
		}
		if states[fix.DestNew] != 13 || states[fix.DestDone] != 1 || states[fix.DestConflict] != 1 {
			t.Errorf("plan records %v", states)
		}
		if n := countBlobs(t, e, name); n != 2 {
			t.Errorf("%d blobs after the dry run, want the 2 that were there", n)
		}
	})
}

func countBlobs(t *testing.T, e *azurite.Emulator, container string) int {
	t.Helper()
	n := 0
	pager := e.Client(t).NewListBlobsFlatPager(container, nil)
	for pager.More() {
		page, err := pager.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		n += len(page.Segment.BlobItems)
	}
	return n
}

// SPEC §8.7 at the command line: a read-only destination SAS is flagged by
// the dry run, and stops the apply with exit 3 and one line, not one
// failure per file.
func TestFixApplyWithAReadOnlyDestinationSASStopsWithOneLine(t *testing.T) {
	e := azurite.Get(t)
	name := e.NewContainer(t)
	dstSAS := containerSAS(t, e, name, sas.ContainerPermissions{Read: true, List: true}, farFuture())
	// The dry run already says so, from the SAS alone.
	code, out, stderr := runCLI(t, "fix", olaLayout, "--dest", e.ContainerURL(name)+"?"+dstSAS)
	if code != 0 || !strings.Contains(out, `destination SAS does not grant "cw"`) {
		t.Errorf("dry run: exit %d, stdout %q, stderr %q: want a warning that apply would be refused", code, out, stderr)
	}
	code, out, stderr = runCLI(t, "fix", olaLayout, "--dest", e.ContainerURL(name)+"?"+dstSAS, "--apply")
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	if code != 3 || len(lines) != 1 || !strings.Contains(stderr, "Write") || strings.Contains(stderr, mustSig(t, dstSAS)) {
		t.Fatalf("exit %d, stderr %q (%d lines), stdout %q: want exit 3 and one line naming Write", code, stderr, len(lines), out)
	}
	if n := countBlobs(t, e, name); n != 0 {
		t.Errorf("%d blobs written", n)
	}
}

// Moves are selected by database, when planning and when applying a saved
// plan.
func TestFixSelectsDatabasesByGlob(t *testing.T) {
	dest := t.TempDir()
	planFile := filepath.Join(t.TempDir(), "plan.json")
	code, out, stderr := runCLI(t, "fix", olaLayout, "--dest", dest, "--plan", planFile, "--format", "json",
		"--include-database", "[HS]*", "--exclude-database", "Sales")
	if code != 0 {
		t.Fatalf("plan: exit %d: %s", code, stderr)
	}
	var plan fix.PlanDoc
	if err := json.Unmarshal([]byte(out), &plan); err != nil {
		t.Fatal(err)
	}
	for _, m := range plan.Moves {
		if m.Database != "HR" {
			t.Errorf("move of %s planned; only HR is selected", m.Database)
		}
	}
	if len(plan.Moves) != 5 {
		t.Errorf("%d moves, want HR's 5", len(plan.Moves))
	}

	// A saved plan of everything, applied one database at a time.
	all := filepath.Join(t.TempDir(), "all.json")
	if code, _, stderr := runCLI(t, "fix", olaLayout, "--dest", dest, "--plan", all); code != 0 {
		t.Fatalf("plan: exit %d: %s", code, stderr)
	}
	code, out, stderr = runCLI(t, "fix", "--apply", "--plan", all, "--include-database", "Inventory")
	if code != 0 || !strings.Contains(out, "10 moves of other databases not selected") || !strings.Contains(out, "5 copied") {
		t.Fatalf("apply Inventory: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	if entries, _ := os.ReadDir(dest); len(entries) != 1 || entries[0].Name() != "Inventory" {
		t.Errorf("destination holds %v, want only Inventory", entries)
	}
	code, out, stderr = runCLI(t, "fix", "--apply", "--plan", all)
	if code != 0 || !strings.Contains(out, "10 copied, 0 converted, 5 already done") {
		t.Fatalf("apply the rest: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	if code, _, stderr := runCLI(t, "fix", olaLayout, "--dest", dest, "--include-database", "[HR"); code != 2 || !strings.Contains(stderr, "malformed") {
		t.Errorf("a malformed pattern: exit %d, stderr %q; want 2", code, stderr)
	}
}
