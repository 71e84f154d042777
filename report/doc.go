// Package report renders lint results and inventories for people (text,
// HTML) and for programs (JSON, SARIF).
package report
