namespace Fleet.Messages.Wire;

/// <summary>A message ready for the wire: its manifest and protobuf body.</summary>
/// <param name="Manifest">One of <see cref="WireManifests"/>.</param>
/// <param name="Body">The protobuf bytes.</param>
public sealed record EncodedMessage(string Manifest, ReadOnlyMemory<byte> Body);
