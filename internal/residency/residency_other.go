//go:build !linux

package residency

// Drop does nothing where /proc/self/smaps and madvise are not there.
func Drop() (Dropped, error) { return Dropped{}, nil }

// Resident is not known here.
func Resident() (int64, error) { return 0, nil }
