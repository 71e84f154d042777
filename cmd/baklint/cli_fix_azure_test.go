package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/sas"

	"github.com/baklint/baklint/internal/azurite"
)

// A DBA whose only credentials are container SAS URLs plans, reviews and
// applies a fix, then lints the result. The plan file never holds a SAS, so
// the apply is given the SAS URLs again.
func TestFixWithOnlyContainerSASPlansAppliesAndResumes(t *testing.T) {
	e := azurite.Get(t)
	ctx := context.Background()
	c := e.Client(t)
	for _, target := range []string{"vm-2016", "vm-2014"} { // Copy Blob; block→page conversion
		t.Run(target, func(t *testing.T) {
			src, dst := e.NewContainer(t), e.NewContainer(t)
			for name, data := range acceptanceLayout(t) {
				if strings.HasPrefix(name, "mixed/") {
					continue
				}
				if _, err := c.UploadBuffer(ctx, src, name, data, nil); err != nil {
					t.Fatal(err)
				}
			}
			srcSAS := containerSAS(t, e, src, sas.ContainerPermissions{Read: true, List: true}, farFuture())
			dstSAS := containerSAS(t, e, dst, sas.ContainerPermissions{Read: true, List: true, Create: true, Write: true}, farFuture())
			srcURL, dstURL := e.ContainerURL(src)+"?"+srcSAS, e.ContainerURL(dst)+"?"+dstSAS
			planFile := filepath.Join(t.TempDir(), "plan.json")

			code, out, stderr := runCLI(t, "fix", srcURL, "--dest", dstURL, "--target", target, "--plan", planFile)
			if code != 0 {
				t.Fatalf("plan: exit %d: %s", code, stderr)
			}
			plan, err := os.ReadFile(planFile)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range []string{mustSig(t, srcSAS), mustSig(t, dstSAS)} {
				if strings.Contains(string(plan), s) || strings.Contains(out, s) || strings.Contains(stderr, s) {
					t.Fatalf("a SAS signature reached the plan or the output")
				}
			}

			apply := []string{"fix", "--apply", "--plan", planFile, srcURL, "--dest", dstURL}
			code, out, stderr = runCLI(t, apply...)
			if code != 0 || !strings.Contains(out, "15 ") {
				t.Fatalf("apply: exit %d, stdout %q, stderr %q", code, out, stderr)
			}
			code, _, stderr = runCLI(t, "lint", dstURL, "--target", target, "--format", "json")
			if code != 0 {
				t.Errorf("lint of the fixed container: exit %d: %s", code, stderr)
			}
			code, out, stderr = runCLI(t, apply...)
			if code != 0 || !strings.Contains(out, "15 already done") {
				t.Errorf("second apply: exit %d, stdout %q, stderr %q; want everything already done", code, out, stderr)
			}
		})
	}
}
