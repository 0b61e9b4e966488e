namespace Registry.Api.Tests;

public sealed class EventLogResetTests
{
    [Fact]
    public async Task An_index_older_than_the_retained_log_answers_reset()
    {
        var registry = await TestRegistry.StartAsync(settings: "--Registry:ChangeLogCapacity=16");
        try
        {
            using var first = await registry.CreateAsync("/r");
            var start = TestRegistry.IndexOf(first);
            for (var i = 0; i < 40; i++)
            {
                (await registry.CreateAsync($"/r/n{i}")).Dispose();
            }

            using var response = await registry.Client.GetAsync($"/v1/events?path=/r&index={start}&wait=1s");
            var body = await TestRegistry.ReadJsonAsync(response);
            Assert.True(body.GetProperty("reset").GetBoolean());
            Assert.Equal(registry.Server.LastZxid, body.GetProperty("index").GetInt64());
        }
        finally
        {
            await registry.DestroyAsync();
        }
    }
}
