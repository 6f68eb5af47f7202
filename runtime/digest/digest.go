// Package digest computes sha256 digests of files and folders, with a
// persistent cache so that an unchanged file is never read twice.
package digest

import "errors"

// Digest is the size and content digest of a file or folder.
type Digest struct {
	Size   int64  `json:"size"`
	Digest string `json:"digest"` // "sha256:<64 hex>"
}

// Cache remembers digests by path and file identity. Safe for concurrent use.
type Cache struct {
	root string
}

// OpenCache opens the cache of the project at root.
func OpenCache(root string) *Cache { return &Cache{root: root} }

// Sum returns the digest of a file or folder.
func (c *Cache) Sum(path string) (Digest, error) { return Digest{}, errors.New("not yet") }

// Save writes the cache.
func (c *Cache) Save() error { return errors.New("not yet") }
