// Package fix plans and applies the copies that turn a backup layout into the
// flat <database>/<file> layout DMS and LRS accept: a pure planner, an
// executor that verifies every copy before it counts, and a journal that lets
// an interrupted run resume.
package fix
