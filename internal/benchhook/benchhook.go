// Package benchhook lets bench/ measure work the public API cannot switch
// off, against a baseline in the same run, without widening that API.
// Packages under measurement fill in the hooks from their init functions.
package benchhook

// DecodeWithoutFileList is bakhdr.Decode without decoding the file list
// (the SFGI and SFIN records), the only work the file list adds to a
// decode. bakhdr sets it; nil only if bakhdr is not linked in.
var DecodeWithoutFileList func(head, tail []byte, size int64) error
