<#ftl output_format="plainText">
<#import "totp-guard-mail.ftl" as mail>
<#if totpGuard.byAdmin>${msg("totpGuardMailDeviceRemovedByAdmin")}<#else>${msg("totpGuardMailDeviceRemoved")}</#if>

<@mail.details/>

${msg("totpGuardMailNotYouRemoved")}

<@mail.footer/>
