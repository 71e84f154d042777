package fakeblob

import (
	"bytes"
	"strconv"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// ArrowContentType is the media type of an Arrow list response, which a
// client asks for in its Accept header.
const ArrowContentType = "application/vnd.apache.arrow.stream"

// ResourceTypePrefix marks a BlobPrefix row: in Arrow every entry is a row
// of one schema, and a virtual folder is told apart by this column.
const ResourceTypePrefix = "blobprefix"

// arrowFields are the columns of a list response, named as in the XML
// Properties (the names the SDK's decoder looks up). Only what a block blob
// listing carries by default; the SDK reads absent columns as unset.
var arrowFields = []arrow.Field{
	{Name: "Name", Type: arrow.BinaryTypes.String},
	{Name: "Creation-Time", Type: &arrow.TimestampType{Unit: arrow.Microsecond}, Nullable: true},
	{Name: "Last-Modified", Type: &arrow.TimestampType{Unit: arrow.Microsecond}, Nullable: true},
	{Name: "Etag", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "Content-Length", Type: arrow.PrimitiveTypes.Uint64, Nullable: true},
	{Name: "Content-Type", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "Content-MD5", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "BlobType", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "AccessTier", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "AccessTierInferred", Type: arrow.FixedWidthTypes.Boolean, Nullable: true},
	{Name: "ServerEncrypted", Type: arrow.FixedWidthTypes.Boolean, Nullable: true},
	{Name: "ResourceType", Type: arrow.BinaryTypes.String, Nullable: true},
}

// arrowListing writes entries as one Arrow IPC stream: a schema whose
// metadata carries NextMarker and NumberOfRecords, then one record batch.
func (s *Server) arrowListing(b *bytes.Buffer, entries []entry, next int) error {
	nm := ""
	if next >= 0 {
		nm = strconv.Itoa(next)
	}
	md := arrow.NewMetadata([]string{"NextMarker", "NumberOfRecords"}, []string{nm, strconv.Itoa(len(entries))})
	schema := arrow.NewSchema(arrowFields, &md)
	rb := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer rb.Release()
	var (
		name     = rb.Field(0).(*array.StringBuilder)
		created  = rb.Field(1).(*array.TimestampBuilder)
		modified = rb.Field(2).(*array.TimestampBuilder)
		et       = rb.Field(3).(*array.StringBuilder)
		length   = rb.Field(4).(*array.Uint64Builder)
		ctype    = rb.Field(5).(*array.StringBuilder)
		md5      = rb.Field(6).(*array.StringBuilder)
		btype    = rb.Field(7).(*array.StringBuilder)
		tier     = rb.Field(8).(*array.StringBuilder)
		inferred = rb.Field(9).(*array.BooleanBuilder)
		enc      = rb.Field(10).(*array.BooleanBuilder)
		rtype    = rb.Field(11).(*array.StringBuilder)
	)
	ts := arrow.Timestamp(lastModified.UnixMicro())
	for _, e := range entries {
		if e.Index < 0 {
			name.Append(e.Prefix)
			for _, f := range []array.Builder{created, modified, et, length, ctype, md5, btype, tier, inferred, enc} {
				f.AppendNull()
			}
			rtype.Append(ResourceTypePrefix)
			continue
		}
		name.Append(s.ns.Name(e.Index))
		created.Append(ts)
		modified.Append(ts)
		et.Append(etag(e.Index))
		length.Append(uint64(s.ns.Size))
		ctype.Append("application/octet-stream")
		md5.AppendNull()
		btype.Append("BlockBlob")
		tier.Append("Hot")
		inferred.Append(true)
		enc.Append(true)
		rtype.Append("blob")
	}
	rec := rb.NewRecordBatch()
	defer rec.Release()
	w := ipc.NewWriter(b, ipc.WithSchema(schema), ipc.WithAllocator(memory.DefaultAllocator))
	if err := w.Write(rec); err != nil {
		return err
	}
	return w.Close()
}
