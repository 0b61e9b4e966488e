using Registry.Server.ZooKeeper.Records;

namespace Registry.Server.ZooKeeper.Requests;

/// <summary>How the connection orders each opcode, and the short names cons prints for them.</summary>
public static class RequestKinds
{
    /// <summary>Requests that go through the write pipeline (sync included: it is a barrier there).</summary>
    public static bool IsWrite(OpCode type) => type is OpCode.Create or OpCode.Create2 or OpCode.CreateContainer or OpCode.CreateTtl
        or OpCode.Delete or OpCode.SetData or OpCode.SetAcl or OpCode.Multi or OpCode.Sync or OpCode.CloseSession;

    /// <summary>Requests that read the tree, and so must wait for this connection's earlier writes.</summary>
    public static bool SeesEarlierWrites(OpCode type) => !IsWrite(type) && type is not (OpCode.Ping or OpCode.Auth or OpCode.WhoAmI or OpCode.Reconfig);

    /// <summary>Request.op2String's abbreviations, as cons shows the last operation.</summary>
    public static string ShortName(OpCode type) => type switch
    {
        OpCode.Create or OpCode.Create2 or OpCode.CreateContainer or OpCode.CreateTtl => "CREA",
        OpCode.Delete => "DELE",
        OpCode.SetData => "SETD",
        OpCode.GetData => "GETD",
        OpCode.GetChildren or OpCode.GetChildren2 => "GETC",
        OpCode.Exists => "EXIS",
        OpCode.Sync => "SYNC",
        OpCode.Ping => "PING",
        OpCode.SetWatches => "SETW",
        OpCode.SetWatches2 => "STW2",
        OpCode.Multi => "MULT",
        OpCode.MultiRead => "MLTR",
        OpCode.SetAcl => "SETA",
        OpCode.GetAcl => "GETA",
        OpCode.CloseSession => "CLOS",
        OpCode.AddWatch => "ADDW",
        OpCode.RemoveWatches => "REMW",
        OpCode.CheckWatches => "CHKW",
        OpCode.GetEphemerals => "GETE",
        OpCode.GetAllChildrenNumber => "GETACN",
        OpCode.WhoAmI => "HOMI",
        OpCode.Reconfig => "RECO",
        OpCode.Check => "CHEC",
        OpCode.Auth => "AUTH",
        _ => "NA",
    };
}
