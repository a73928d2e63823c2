// Package auth signs people in: password hashing (argon2id), sessions kept
// server-side, API tokens, one-time links, and login rate limiting.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"sync"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters, chosen so that a login takes about 100 ms on the
// project's 2-core machine (the accounts issue asks for 50–250 ms): 64 MiB,
// two passes, one lane. They are stored in each hash, so raising them later
// keeps old hashes valid.
const (
	argonMemory  = 64 * 1024
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
)

// hashSlots bounds concurrent hashing: each hash holds 64 MiB while it
// runs, so a burst of sign-ins takes at most 128 MiB (and the two cores a
// hash each); the others wait their turn. The parameters, and with them
// the cost of guessing a stolen hash, stay as they are.
var hashSlots = make(chan struct{}, 2)

// argon2id allocates its 64 MiB afresh on every call and drops it when the
// hash is done. Go would keep that memory mapped until the heap next
// shrinks (minutes under light load), so a burst of sign-ins left the
// server holding a hundred megabytes more than its pages need. Each hash
// therefore hands its memory back to the system at once: a collection of
// the rest of the heap (a few milliseconds) beside a hash of ~100 ms.
func idKey(password, salt []byte, t, m uint32, p uint8, keyLen uint32) []byte {
	hashSlots <- struct{}{}
	key := argon2.IDKey(password, salt, t, m, p, keyLen)
	<-hashSlots
	debug.FreeOSMemory()
	return key
}

// HashPassword returns an encoded argon2id hash of password.
func HashPassword(password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := idKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

var errBadHash = errors.New("auth: malformed password hash")

// CheckPassword reports whether password matches an encoded hash. An empty
// hash (an invited user who has not set a password) never matches.
func CheckPassword(encoded, password string) (bool, error) {
	if encoded == "" {
		// Spend the same time as a real check, so a missing password does
		// not answer faster than a wrong one.
		HashPassword(password)
		return false, nil
	}
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errBadHash
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false, errBadHash
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil {
		return false, errBadHash
	}
	got := idKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// dummyHash is checked against when an e-mail is unknown, so the answer
// takes as long as for a known one and does not tell which e-mails exist.
// It is made on first use: computing it costs a hash's time and memory,
// which every command (even "version") paid when it was made at start.
var dummyHash = sync.OnceValue(func() string {
	h, _ := HashPassword("not a real password, only for timing")
	return h
})

// NewSecret returns a random secret for a session, token or link (256 bits,
// URL-safe), and the SHA-256 hash under which it is stored.
func NewSecret(prefix string) (secret, hash string) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("auth: no randomness: " + err.Error())
	}
	secret = prefix + base64.RawURLEncoding.EncodeToString(b)
	return secret, HashSecret(secret)
}

// HashSecret is how secrets are stored and looked up: a fast hash is right
// here, as the secret itself carries 256 bits of randomness.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// NewOneTimePassword returns a readable random password for the first admin
// and for "user add": five groups of four letters and digits.
func NewOneTimePassword() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyz23456789" // no look-alikes (l/1, o/0, i)
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		panic("auth: no randomness: " + err.Error())
	}
	var sb strings.Builder
	for i, c := range b {
		if i > 0 && i%4 == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(alphabet[int(c)%len(alphabet)])
	}
	return sb.String()
}
