using System.Text;
using Wharf.Cli.Options;

namespace Wharf.Cli.Tests.Options;

/// <summary>-e, --env-file, -l, --label-file, --add-host and --sysctl as docker reads them (cases after docker/cli's kvfile and opts tests).</summary>
public sealed class KeyValueOptionsTests
{
    private static Func<string, string?> Env(params (string Key, string Value)[] vars) =>
        name => vars.FirstOrDefault(v => v.Key == name) is var (k, v) && k is not null ? v : null;

    [Fact]
    public void An_env_file_skips_comments_and_blank_lines_and_keeps_values_verbatim()
    {
        byte[] file = Encoding.UTF8.GetBytes("\uFEFF# comment\n\n  FOO=bar baz \nEMPTY=\r\nQUOTED=\"x\"\nFROM_HOST\nUNSET\n");
        Assert.Equal(["FOO=bar baz ", "EMPTY=", "QUOTED=\"x\"", "FROM_HOST=host value"],
            KeyValueFile.Parse(file, Env(("FROM_HOST", "host value"))));
    }

    [Fact]
    public void A_label_file_drops_keys_without_values()
    {
        Assert.Equal(["a=1"], KeyValueFile.Parse("a=1\nlonely\n"u8, lookup: null));
    }

    [Theory]
    [InlineData("=value", "no variable name on line '=value'")]
    [InlineData("MY VAR=x", "variable 'MY VAR' contains whitespaces")]
    public void Bad_env_file_lines_are_refused_with_kvfiles_words(string line, string message)
    {
        Assert.Equal(message, Assert.Throws<FormatException>(() => KeyValueFile.Parse(Encoding.UTF8.GetBytes(line), null)).Message);
    }

    [Fact]
    public void Invalid_utf8_names_the_line()
    {
        var error = Assert.Throws<FormatException>(() => KeyValueFile.Parse([(byte)'A', (byte)'=', (byte)'\n', 0xff, (byte)'\n'], null));
        Assert.Equal("invalid utf8 bytes at line 2: [255]", error.Message);
    }

    [Fact]
    public void Files_come_first_and_flags_override_them()
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "A=file\nB=file\n");
            Assert.Equal(["A=file", "B=file", "A=flag", "HOME=/root", "NOPE"],
                KeyValueOptions.Environment([file], ["A=flag", "HOME", "NOPE"], Env(("HOME", "/root"))));
            Assert.Equal(new Dictionary<string, string> { ["A"] = "flag", ["B"] = "file", ["k"] = "" }, KeyValueOptions.Labels([file], ["A=flag", "k"]));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_missing_env_file_is_reported_as_go_does()
    {
        Assert.Equal("open /nonexistent/env: no such file or directory",
            Assert.Throws<CliError>(() => KeyValueOptions.Environment(["/nonexistent/env"], [], Env())).Message);
    }

    [Theory]
    [InlineData("=x", "invalid environment variable: =x")]
    [InlineData("", "invalid environment variable: ")]
    public void Env_values_need_a_name(string value, string message)
    {
        Assert.Equal(message, Assert.Throws<FormatException>(() => KeyValueOptions.CheckEnv(value)).Message);
    }

    [Theory]
    [InlineData("=v", "invalid label '=v': empty name")]
    [InlineData("a b=v", "label 'a b' contains whitespaces")]
    public void Labels_need_a_name_without_spaces(string value, string message)
    {
        Assert.Equal(message, Assert.Throws<FormatException>(() => KeyValueOptions.CheckLabel(value)).Message);
    }

    [Theory]
    [InlineData("db:10.0.0.2", "db:10.0.0.2")]
    [InlineData("db=10.0.0.2", "db:10.0.0.2")]
    [InlineData("v6=[::1]", "v6:::1")]
    [InlineData("gw:host-gateway", "gw:host-gateway")]
    public void Extra_hosts_are_sent_as_host_colon_ip(string value, string sent)
    {
        Assert.Equal(sent, KeyValueOptions.CheckExtraHost(value));
    }

    [Theory]
    [InlineData("nohost", "bad format for add-host: \"nohost\"")]
    [InlineData("db:not-an-ip", "invalid IP address in add-host: \"not-an-ip\"")]
    public void Bad_extra_hosts_are_refused(string value, string message)
    {
        Assert.Equal(message, Assert.Throws<FormatException>(() => KeyValueOptions.CheckExtraHost(value)).Message);
    }

    [Theory]
    [InlineData("net.ipv4.ip_forward=1", true)]
    [InlineData("kernel.shmmax=1", true)]
    [InlineData("kernel.hostname=x", false)]
    [InlineData("net.core.somaxconn", false)]
    public void Only_namespaced_sysctls_are_allowed(string value, bool allowed)
    {
        if (allowed) Assert.Equal(value, KeyValueOptions.CheckSysctl(value));
        else Assert.Equal($"sysctl '{value}' is not allowed", Assert.Throws<FormatException>(() => KeyValueOptions.CheckSysctl(value)).Message);
    }
}
