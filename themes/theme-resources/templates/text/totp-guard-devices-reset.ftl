<#ftl output_format="plainText">
<#import "totp-guard-mail.ftl" as mail>
${msg("totpGuardMailDevicesReset")}

<@mail.details/>

${msg("totpGuardMailNotYouReset")}

<@mail.footer/>
