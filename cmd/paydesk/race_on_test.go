//go:build race

package main

// raceEnabled builds the binary under test with -race too, so that it
// reuses the packages this test binary was compiled from.
const raceEnabled = true
