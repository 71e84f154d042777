package azstore

import (
	"bytes"
	"encoding/base64"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/baklint/baklint/blobscan"
)

// arrowContentType is how an account that lists in Apache Arrow (a preview
// Azure enables per storage account) marks its answer.
const arrowContentType = "application/vnd.apache.arrow.stream"

// arrowPrefix is the ResourceType of a virtual folder row.
const arrowPrefix = "blobprefix"

// parseArrowListing decodes an Arrow list response into what parseListing
// returns for XML, reading only the columns baklint uses, without the
// SDK's pointer per property. ok is false for a column of an unexpected
// type; the SDK then decodes the body itself.
//
// Last-Modified is cut to whole seconds: the XML listing carries no more,
// and an inventory must not depend on the format the account answers in.
func parseArrowListing(body []byte) (objects []blobscan.Object, prefixes []string, next string, ok bool) {
	r, err := ipc.NewReader(bytes.NewReader(body), ipc.WithAllocator(memory.DefaultAllocator))
	if err != nil {
		return nil, nil, "", false
	}
	defer r.Release()
	md := r.Schema().Metadata()
	if i := md.FindKey("NextMarker"); i >= 0 {
		next = md.Values()[i]
	}
	idx := map[string]int{}
	for i, f := range r.Schema().Fields() {
		idx[f.Name] = i
	}
	for r.Next() {
		rec := r.RecordBatch()
		cols, good := arrowColumnsOf(rec, idx)
		if !good {
			return nil, nil, "", false
		}
		for row := 0; row < int(rec.NumRows()); row++ {
			if cols.name.IsNull(row) {
				return nil, nil, "", false
			}
			name := cols.name.Value(row)
			if cols.rtype != nil && !cols.rtype.IsNull(row) && cols.rtype.Value(row) == arrowPrefix {
				prefixes = append(prefixes, name)
				continue
			}
			o, good := cols.object(name, row)
			if !good {
				return nil, nil, "", false
			}
			objects = append(objects, o)
		}
	}
	if r.Err() != nil {
		return nil, nil, "", false
	}
	return objects, prefixes, next, true
}

type arrowColumns struct {
	name, etag, md5, btype, tier, rtype *array.String
	size64                              *array.Int64
	sizeU                               *array.Uint64
	modified                            *array.Timestamp
	unit                                arrow.TimeUnit
}

// arrowColumnsOf resolves the columns once per record batch. An absent
// column is nil (the property is unset); a present one of another type
// fails the decode.
func arrowColumnsOf(rec arrow.RecordBatch, idx map[string]int) (arrowColumns, bool) {
	var c arrowColumns
	ok := true
	str := func(name string) *array.String {
		i, found := idx[name]
		if !found {
			return nil
		}
		a, isStr := rec.Column(i).(*array.String)
		ok = ok && isStr
		return a
	}
	c.name, c.etag, c.md5 = str("Name"), str("Etag"), str("Content-MD5")
	c.btype, c.tier, c.rtype = str("BlobType"), str("AccessTier"), str("ResourceType")
	if i, found := idx["Content-Length"]; found {
		switch a := rec.Column(i).(type) {
		case *array.Int64:
			c.size64 = a
		case *array.Uint64:
			c.sizeU = a
		default:
			ok = false
		}
	}
	if i, found := idx["Last-Modified"]; found {
		a, isTS := rec.Column(i).(*array.Timestamp)
		if !isTS {
			return c, false
		}
		c.modified, c.unit = a, a.DataType().(*arrow.TimestampType).Unit
	}
	return c, ok && c.name != nil
}

func (c *arrowColumns) object(name string, row int) (blobscan.Object, bool) {
	o := blobscan.Object{Path: name}
	switch {
	case c.size64 != nil && !c.size64.IsNull(row):
		o.Size = c.size64.Value(row)
	case c.sizeU != nil && !c.sizeU.IsNull(row):
		o.Size = int64(c.sizeU.Value(row))
	}
	if v := strCol(c.etag, row); v != "" {
		o.ETag = quoteETag(v)
	}
	if c.modified != nil && !c.modified.IsNull(row) {
		o.LastModified = c.modified.Value(row).ToTime(c.unit).UTC().Truncate(time.Second)
	}
	if v := strCol(c.md5, row); v != "" {
		sum, err := base64.StdEncoding.DecodeString(v)
		if err != nil {
			return o, false
		}
		o.ContentMD5 = sum
	}
	o.BlobType = internType(strCol(c.btype, row))
	if o.BlobType == blobscan.BlockBlob {
		o.Tier = internType(strCol(c.tier, row))
	}
	return o, true
}

func strCol(a *array.String, row int) string {
	if a == nil || a.IsNull(row) {
		return ""
	}
	return a.Value(row)
}
