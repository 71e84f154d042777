// Package errclass holds the classes of failure that decide baklint's exit
// code (SPEC §9), in one small package that every other one may import
// without pulling in storage code, as rclone's fserrors or restic's errors
// do. An error carries its class as a value in its chain; its message is the
// sentence the user reads, without the class's name in it. The CLI maps
// classes to exit codes in one place (cmd/baklint/exit.go).
package errclass

import (
	"errors"
	"fmt"
)

// Class is a kind of failure. Classes nest: an authentication failure is a
// storage failure, so errors.Is(err, Storage) holds for it too.
type Class struct {
	name   string
	parent *Class
}

func (c *Class) Error() string { return c.name }

// Unwrap makes a sub-class match its parent with errors.Is.
func (c *Class) Unwrap() error {
	if c.parent == nil {
		return nil
	}
	return c.parent
}

// The classes. New ones nest under these so that the exit code mapping
// needs no change.
var (
	// BadInput: a malformed URL, a missing or wrong-kind local path, an
	// unknown target, an unreadable plan or configuration (exit 2).
	BadInput = &Class{name: "bad input"}
	// Storage: a storage, authentication or network failure (exit 3).
	Storage = &Class{name: "storage failure"}
	// NotFound: the object or container does not exist.
	NotFound = Sub(Storage, "not found")
	// Auth: credentials refused, or missing a permission.
	Auth = Sub(Storage, "authentication failed")
)

// Sub makes a class that also matches parent.
func Sub(parent *Class, name string) *Class { return &Class{name: name, parent: parent} }

// Error is a failure of a class. Its message is the sentence alone; the
// class and any wrapped cause are in its chain.
type Error struct {
	class *Class
	msg   string
	cause error
}

func (e *Error) Error() string { return e.msg }

// Unwrap exposes the class and the cause to errors.Is and errors.As.
func (e *Error) Unwrap() []error {
	if e.cause == nil {
		return []error{e.class}
	}
	return []error{e.class, e.cause}
}

// Errorf formats a message as fmt.Errorf does (%w wraps a cause) and gives
// it class c.
func Errorf(c *Class, format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	return &Error{class: c, msg: err.Error(), cause: errors.Unwrap(err)}
}

// Wrap gives err class c, keeping its message.
func Wrap(c *Class, err error) error {
	if err == nil {
		return nil
	}
	return &Error{class: c, msg: err.Error(), cause: err}
}

// Of returns the class of err: the first class found in its chain, nil
// when it has none.
func Of(err error) *Class {
	var c *Class
	if errors.As(err, &c) {
		return c
	}
	return nil
}
