using Registry.Server.Ensemble.Replication;
using Registry.Tree;
using Registry.Tree.Acl;
using Registry.Tree.Prepare;
using Registry.Tree.Txns;

namespace Registry.Server.Tests.Ensemble;

public sealed class ForwardedWriteTests
{
    [Fact]
    public void A_forwarded_write_round_trips_with_its_origin_caller_and_every_op_kind()
    {
        var acl = new[] { new AclEntry(Perms.All, new Id("digest", "user:hash")) };
        WriteOp op = new MultiOp([
            new CreateOp("/a", [1, 2], acl, CreateMode.PersistentSequentialWithTtl, 5000),
            new DeleteOp("/b", 3),
            new SetDataOp("/c", [9], 4),
            new SetAclOp("/d", acl, 5),
            new CheckOp("/e", 6),
        ]);
        var write = new ForwardedWrite(2, 77, new RequestContext(0x55, [new Id("ip", "127.0.0.1"), Id.Super]), op);

        var decoded = ForwardedWrite.Decode(write.Encode());

        Assert.Equal((2L, 77L, 0x55L), (decoded.Origin, decoded.RequestId, decoded.Context.SessionId));
        Assert.Equal(write.Context.Identities, decoded.Context.Identities);
        var ops = Assert.IsType<MultiOp>(decoded.Op).Ops;
        var create = Assert.IsType<CreateOp>(ops[0]);
        Assert.Equal(("/a", CreateMode.PersistentSequentialWithTtl, 5000L), (create.Path, create.Mode, create.Ttl));
        Assert.Equal(new byte[] { 1, 2 }, create.Data);
        Assert.Equal(acl, create.Acl);
        Assert.Equal(new DeleteOp("/b", 3), ops[1]);
        Assert.Equal(new CheckOp("/e", 6), ops[4]);
        Assert.Equal(new CloseSessionOp(9), ForwardedWrite.Decode(new ForwardedWrite(1, 1, RequestContext.System, new CloseSessionOp(9)).Encode()).Op);
        Assert.Equal(new CreateSessionOp(9, 4000), ForwardedWrite.Decode(new ForwardedWrite(1, 1, RequestContext.System, new CreateSessionOp(9, 4000)).Encode()).Op);
        Assert.Equal(new ReapOp("/r"), ForwardedWrite.Decode(new ForwardedWrite(1, 1, RequestContext.System, new ReapOp("/r")).Encode()).Op);
    }

    [Fact]
    public void Malformed_forwarded_writes_are_rejected()
    {
        var valid = new ForwardedWrite(1, 1, RequestContext.Anonymous, new DeleteOp("/x")).Encode();

        Assert.Throws<InvalidDataException>(() => ForwardedWrite.Decode(valid.AsMemory(0, valid.Length - 2)));
        Assert.Throws<InvalidDataException>(() => ForwardedWrite.Decode(valid.Append((byte)0).ToArray()));
        var unknownKind = (byte[])valid.Clone();
        unknownKind[28] = 200;
        Assert.Throws<InvalidDataException>(() => ForwardedWrite.Decode(unknownKind));
    }

    [Fact]
    public void A_replicated_transaction_carries_its_origin_and_a_replicated_error()
    {
        var header = new TxnHeader(7, 0x1_0000_0005, 1234);
        var txn = new ErrorTxn(ErrorCode.NodeExists, "/a already exists", [ErrorCode.Ok, ErrorCode.NodeExists]);

        var decoded = ReplicatedTxn.Decode(header.Zxid, new ReplicatedTxn(3, 99, header, txn).Encode());

        Assert.Equal((3L, 99L, header), (decoded.Origin, decoded.RequestId, decoded.Header));
        var error = Assert.IsType<ErrorTxn>(decoded.Txn);
        Assert.Equal((ErrorCode.NodeExists, "/a already exists"), (error.Error, error.Message));
        Assert.Equal([ErrorCode.Ok, ErrorCode.NodeExists], error.MultiErrors);
        Assert.Throws<InvalidDataException>(() => ReplicatedTxn.Decode(1, new byte[10]));
    }
}
