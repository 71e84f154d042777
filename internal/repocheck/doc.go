// Package repocheck holds tests of the repository itself rather than of
// code: what is committed.
package repocheck
