package fix

import (
	"os"
	"testing"

	"github.com/baklint/baklint/internal/azurite"
)

func TestMain(m *testing.M) {
	// The crash test runs this binary as the executor it kills.
	if os.Getenv(workerEnv) != "" {
		os.Exit(runWorker())
	}
	os.Exit(azurite.Main(m))
}
