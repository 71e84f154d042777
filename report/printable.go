package report

import (
	"reflect"
	"sync"

	"github.com/baklint/baklint/layout"
)

// Database, folder and file names come from storage and backup headers, so
// they are untrusted: an escape sequence in one would recolour or rewrite a
// terminal, a carriage return or newline would forge report lines, and a
// bidi override would reorder what a reader of the HTML page sees. Every
// text and HTML renderer therefore passes its whole input through
// printableCopy once, before it adds any formatting of its own (ANSI
// colour, markup), instead of escaping field by field where one is easily
// missed.

// printable is layout.Printable: one escaper for every untrusted name
// in every output (reports, plans, messages).
func printable(s string) string { return layout.Printable(s) }

// printableCopy returns a deep copy of v with printable applied to every
// string reachable through exported fields, slices, maps, pointers and
// interfaces. Values whose type holds no string are shared, not copied.
func printableCopy[T any](v T) T {
	rv := reflect.ValueOf(&v).Elem()
	return escapeValue(rv).Interface().(T)
}

func escapeValue(v reflect.Value) reflect.Value {
	t := v.Type()
	if !holdsStrings(t) {
		return v
	}
	switch v.Kind() {
	case reflect.String:
		s := v.String()
		e := printable(s)
		if e == s {
			return v
		}
		nv := reflect.New(t).Elem()
		nv.SetString(e)
		return nv
	case reflect.Struct:
		nv := reflect.New(t).Elem()
		nv.Set(v)
		for i := range t.NumField() {
			if t.Field(i).IsExported() {
				nv.Field(i).Set(escapeValue(v.Field(i)))
			}
		}
		return nv
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		nv := reflect.New(t.Elem())
		nv.Elem().Set(escapeValue(v.Elem()))
		return nv
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		nv := reflect.MakeSlice(t, v.Len(), v.Len())
		for i := range v.Len() {
			nv.Index(i).Set(escapeValue(v.Index(i)))
		}
		return nv
	case reflect.Array:
		nv := reflect.New(t).Elem()
		for i := range v.Len() {
			nv.Index(i).Set(escapeValue(v.Index(i)))
		}
		return nv
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		nv := reflect.MakeMapWithSize(t, v.Len())
		for it := v.MapRange(); it.Next(); {
			nv.SetMapIndex(escapeValue(it.Key()), escapeValue(it.Value()))
		}
		return nv
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		nv := reflect.New(t).Elem()
		nv.Set(escapeValue(v.Elem()))
		return nv
	}
	return v
}

var stringTypes sync.Map // reflect.Type → bool

// holdsStrings reports whether a value of type t can reach a string
// through what escapeValue walks. Interfaces may hold anything.
func holdsStrings(t reflect.Type) bool {
	if b, ok := stringTypes.Load(t); ok {
		return b.(bool)
	}
	// A recursive type (a tree node) asks about itself while being
	// answered; assume yes until known, which at worst copies a little.
	stringTypes.Store(t, true)
	var b bool
	switch t.Kind() {
	case reflect.String, reflect.Interface:
		b = true
	case reflect.Pointer, reflect.Slice, reflect.Array:
		b = holdsStrings(t.Elem())
	case reflect.Map:
		b = holdsStrings(t.Key()) || holdsStrings(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() && holdsStrings(f.Type) {
				b = true
				break
			}
		}
	}
	stringTypes.Store(t, b)
	return b
}
