//go:build !linux

package residency

// Drop does nothing where /proc/self/smaps and madvise are not there.
func Drop() (Dropped, error) { return Dropped{}, nil }
