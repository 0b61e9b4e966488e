using Registry.Tree.Prepare;

namespace Registry.Server.Pipeline;

/// <summary>The session a transaction's header names: the one opened or closed, else the caller's.</summary>
internal static class TxnSession
{
    public static long Of(RequestContext context, WriteOp op) => op switch
    {
        CreateSessionOp open => open.SessionId,
        CloseSessionOp close => close.SessionId,
        _ => context.SessionId,
    };
}
