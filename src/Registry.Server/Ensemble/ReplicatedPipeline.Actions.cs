using Microsoft.Extensions.Logging;
using Registry.Server.Ensemble.Replication;
using Registry.Server.Pipeline;
using Registry.Tree;
using Registry.Tree.Snapshots;
using Registry.Tree.Txns;
using Registry.Zab.Protocol;
using Registry.Zab.Protocol.Outputs;

namespace Registry.Server.Ensemble;

/// <summary>Carrying out the node's actions, in order, exactly as the protocol core's README requires.</summary>
public sealed partial class ReplicatedPipeline
{
    private async Task ProcessAsync()
    {
        while (_node.HasReady)
        {
            foreach (var action in _node.TakeReady().Actions)
            {
                await CarryAsync(action);
            }
        }
    }

    private async Task CarryAsync(ZabAction action)
    {
        switch (action)
        {
            case PersistAcceptedEpoch accepted:
                await Task.Run(() => _acceptedEpoch.Write(accepted.Epoch));
                break;
            case PersistCurrentEpoch current:
                await Task.Run(() => _currentEpoch.Write(current.Epoch));
                break;
            case TruncateLog truncate:
                _logger.LogInformation("Truncating the log after {Zxid}", Zxid.Format(truncate.AfterZxid));
                await _log.RunAsync(log => log.TruncateAfter(truncate.AfterZxid));
                break;
            case AppendToLog append:
                _log.Append(append.Entry.Zxid, append.Entry.Payload.ToArray());
                break;
            case SendMessage send:
                Send(send.To, send.Message);
                break;
            case ApplyCommitted commit:
                Apply(commit.Entry);
                break;
            case SendSnapshot snapshot:
                SendState(snapshot.To, snapshot.Zxid);
                break;
            case StatusChanged changed:
                OnStatusChanged(changed.Status);
                break;
            case ForwardedRequestReceived request:
                PrepareAndPropose(request.From, request.Request);
                break;
            case SessionTouchesReceived touches:
                TouchesReceived?.Invoke(SessionTouches.Decode(touches.Touches.Span));
                break;
            case SyncCompleted synced when _pendingSyncs.Remove(synced.RequestId, out var completion):
                completion.TrySetResult();
                break;
        }
    }

    /// <summary>Leader: turns a client write (from any server) into a transaction, or into a replicated error.</summary>
    private void PrepareAndPropose(long from, ReadOnlyMemory<byte> payload)
    {
        ForwardedWrite write;
        try
        {
            write = ForwardedWrite.Decode(payload);
        }
        catch (InvalidDataException e)
        {
            _logger.LogWarning("Dropped a malformed write forwarded by server {Peer}: {Error}", from, e.Message);
            return;
        }

        if (write.Origin != from)
        {
            _logger.LogWarning("Dropped a write forwarded by server {Peer} on behalf of server {Origin}", from, write.Origin);
            return;
        }

        var last = _node.LastZxid;
        var zxid = Zxid.EpochOf(last) == _status.Epoch ? last + 1 : Zxid.Make(_status.Epoch, 1);
        var time = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var outcome = _preparer.Prepare(write.Context, write.Op, zxid, time);
        var txn = outcome.Txn ?? new ErrorTxn(outcome.Error, outcome.Message ?? outcome.Error.ToString(), [.. outcome.MultiResults?.Select(r => r.Error) ?? []]);
        var header = new TxnHeader(TxnSession.Of(write.Context, write.Op), zxid, time);
        var result = _node.Propose(new ReplicatedTxn(write.Origin, write.RequestId, header, txn).Encode());
        if (!result.Accepted)
        {
            // The leader is stepping down (or its epoch is exhausted): the origin answers ConnectionLoss when it
            // loses this leader, and the next leader prepares against its own state.
            _preparer.Reset();
            _logger.LogInformation("Leader refused a proposal: {Refusal}", result.Refusal);
            return;
        }

        if (result.Zxid != zxid)
        {
            throw new InvalidOperationException($"prepared for {Zxid.Format(zxid)} but proposed as {Zxid.Format(result.Zxid)}");
        }
    }

    private void Apply(LogEntry entry)
    {
        var replicated = ReplicatedTxn.Decode(entry.Zxid, entry.Payload);
        var applied = _applier.Apply(replicated.Header, replicated.Txn);
        _preparer.Applied(entry.Zxid);
        switch (replicated.Txn)
        {
            case CreateSessionTxn open:
                SessionOpened?.Invoke(replicated.Header.SessionId, open.TimeoutMs);
                break;
            case CloseSessionTxn:
                SessionEnded?.Invoke(replicated.Header.SessionId);
                break;
        }

        if (replicated.Origin != _options.ServerId || !_pendingWrites.Remove(replicated.RequestId, out var completion))
        {
            return;
        }

        Finish(completion, replicated.Txn is ErrorTxn error
            ? WriteResult.Failed(error.Error, error.Message, error.MultiErrors.Count == 0 ? null : [.. error.MultiErrors.Select(code => new OpResult(code))])
            : new WriteResult(entry.Zxid, ErrorCode.Ok, null, applied.Result, applied.MultiResults));
    }

    /// <summary>
    /// SNAP, leader side: the tree is exactly at <paramref name="zxid"/> here. Only the cut is taken on the loop; the
    /// copy runs in the background and the peer's writer streams it when its turn comes.
    /// </summary>
    private void SendState(long to, long zxid)
    {
        if (Tree.LastZxid != zxid)
        {
            throw new InvalidOperationException($"asked to stream the state at {Zxid.Format(zxid)} while it is at {Zxid.Format(Tree.LastZxid)}");
        }

        if (_links.TryGetValue(to, out var link))
        {
            _logger.LogInformation("Sending a snapshot at {Zxid} to server {Peer}", Zxid.Format(zxid), to);
            var capture = Tree.BeginSnapshot();
            link.SendSnapshot(_options.ServerId, capture);
        }
    }

    /// <summary>SNAP, learner side: installs a fully received snapshot if the core still synchronises with that leader.</summary>
    private async Task InstallStateAsync(long from, long zxid, TreeSnapshot snapshot)
    {
        if (!_node.AcceptSnapshot(from, zxid))
        {
            return;
        }

        _logger.LogInformation("Installing a snapshot at {Zxid} from server {Peer}", Zxid.Format(zxid), from);

        // The snapshot is durable before the log goes. Dropping the log first would, after a crash in between, leave
        // the old snapshot alone, losing proposals this server had acknowledged. The other way round, a crash leaves
        // the new snapshot and the old log's tail, which recovery hands to the core as uncommitted proposals that the
        // next synchronisation confirms or truncates.
        await _applier.DrainAsync();
        await Task.Run(() => _database.WriteSnapshot(snapshot));
        await _log.RunAsync(log => log.TruncateAfter(0));
        var before = Tree.Sessions.Keys.ToHashSet();
        _applier.Install(snapshot);
        _preparer.Reset();
        foreach (var id in before.Where(id => !Tree.Sessions.ContainsKey(id)))
        {
            SessionEnded?.Invoke(id);
        }

        foreach (var (id, timeout) in Tree.Sessions.Where(s => !before.Contains(s.Key)))
        {
            SessionOpened?.Invoke(id, timeout);
        }
    }

    private void OnStatusChanged(ZabStatus status)
    {
        var wasActive = _status.IsActive;
        _status = status;
        _logger.LogInformation("Ensemble status: {Status}", status);
        if (wasActive)
        {
            FailPending("this server lost its leader");
        }

        // Changes prepared under a previous leadership were either committed (and applied) or are gone.
        _preparer.Reset();
        _active = status.IsActive;
        var leading = status is { Role: ZabRole.Leading, Phase: ZabPhase.Broadcast };
        if (leading && !_leading)
        {
            _leading = true;
            AuthorityGained?.Invoke();
        }

        _leading = leading;
        MarkStatusChanged();
    }
}
