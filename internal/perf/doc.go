// Package perf holds tests that hold Spor's pages to their performance contract on
// generated data (internal/scale): what a page costs in database round trips does
// not depend on how much data there is. The figures themselves come from `make
// bench`; these tests are not timed.
package perf
