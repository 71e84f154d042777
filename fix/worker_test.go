package fix

import (
	"context"
	"fmt"
	"os"
	"strconv"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob"

	"github.com/baklint/baklint/blobscan/azstore"
	"github.com/baklint/baklint/internal/azurite"
)

// The crash test re-executes the test binary with these variables set: the
// child is a plain `fix --apply --plan FILE`, which the parent kills.
const (
	workerEnv      = "BAKLINT_FIX_WORKER" // the plan file
	workerEndpoint = "BAKLINT_FIX_ENDPOINT"
	workerSrc      = "BAKLINT_FIX_SRC"
	workerDst      = "BAKLINT_FIX_DST"
	workerRange    = "BAKLINT_FIX_RANGE"
)

func runWorker() int {
	plan, err := LoadPlan(os.Getenv(workerEnv))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	cred, _ := azblob.NewSharedKeyCredential(azurite.Account, azurite.Key)
	open := func(name string) *azstore.Container {
		c, err := azstore.NewContainer(azurite.Account, os.Getenv(workerEndpoint), name, azstore.Auth{SharedKey: cred}, azstore.Options{Transport: policy.Transporter(nil)})
		if err != nil {
			panic(err)
		}
		return c
	}
	rs, _ := strconv.ParseInt(os.Getenv(workerRange), 10, 64)
	s, err := Apply(context.Background(), plan, open(os.Getenv(workerSrc)), open(os.Getenv(workerDst)), ApplyOptions{
		Journal: JournalPath(os.Getenv(workerEnv)), RangeSize: rs, RangeConcurrency: 2, Concurrency: 2,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	return s.ExitCode()
}
